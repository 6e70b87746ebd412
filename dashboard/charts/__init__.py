"""Pure chart builders: DataFrame in, Altair chart out (Swedish labels, sv-SE locale, colour-blind-safe).

One module per concept; all re-exported here so pages only import `dashboard.charts`.
"""

from dashboard.charts.common import *  # noqa: F401,F403
from dashboard.charts.enkat import *  # noqa: F401,F403
from dashboard.charts.ekonomi import *  # noqa: F401,F403
from dashboard.charts.fritext import *  # noqa: F401,F403
from dashboard.charts.modell import *  # noqa: F401,F403
from dashboard.charts.utmaningar import *  # noqa
from dashboard.charts.scenarier import *  # noqa: F401,F403
from dashboard.charts.karta import *  # noqa: F401,F403
