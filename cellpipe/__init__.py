"""Cellpipe: the Python glue that puts the Cellpipe server and extension into Jupyter.

The extension itself is TypeScript (``src/``) and the server is Node.js (``server/``);
this package only tells JupyterLab where the built extension is and tells
jupyter-server-proxy how to start the server.
"""

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "cellpipe"}]
