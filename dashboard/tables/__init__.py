"""Table builders: DataFrame in, a table with Swedish headers and declared number kinds out.

One module per concept; all re-exported here so pages and the figure registry only import `dashboard.tables`.
"""

from dashboard.tables.ekonomi import *  # noqa: F401,F403
from dashboard.tables.enkat import *  # noqa: F401,F403
from dashboard.tables.fritext import *  # noqa: F401,F403
from dashboard.tables.modell import *  # noqa: F401,F403
from dashboard.tables.scenarier import *  # noqa: F401,F403
from dashboard.tables.respondenter import *  # noqa: F401,F403
