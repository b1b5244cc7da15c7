"""JupyterLab server configuration for the Galata tests.

Galata's helper switches Jupyter's authentication off so the browser needs no
token; the Cellpipe server behind the proxy still demands its own secret, which
only the proxy has. Proxy authentication itself is tested in cellpipe/tests/.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is injected by Jupyter)
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.port = int(os.environ.get("CELLPIPE_UI_PORT", "8899"))  # noqa: F821
# JupyterHub-style base URL (e.g. /user/alice/) when the tests are run under one.
c.ServerApp.base_url = os.environ.get("CELLPIPE_UI_BASE_URL", "/")  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821 (CI runs as root)
c.ServerApp.log_level = "WARN"  # noqa: F821 (keep test output readable)
