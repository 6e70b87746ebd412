"""Swedish texts built from data for pages: captions, metric texts, comments and highlighted search hits.

One module per concept; all re-exported here so pages only import `dashboard.texts`.
"""

from dashboard.texts.ekonomi import *  # noqa: F401,F403
from dashboard.texts.enkat import *  # noqa: F401,F403
from dashboard.texts.fritext import *  # noqa: F401,F403
from dashboard.texts.dataimport import *  # noqa: F401,F403
