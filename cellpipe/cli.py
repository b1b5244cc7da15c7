"""The ``cellpipe`` console script: the server's own CLI (``cellpipe compile|run|
runs|deploy|predict|undeploy|serve``), run by Node.js with this environment's
Python for the steps, so ``pip install cellpipe`` gives the same command as
``server/bin/cellpipe`` in a checkout."""

from __future__ import annotations

import os
import sys

from cellpipe.launcher import NodeNotFoundError, server_command


def main() -> None:
    try:
        command = server_command(*sys.argv[1:])
    except NodeNotFoundError as err:
        sys.exit(f"cellpipe: {err}")
    # Steps and the analysis run with the Python this command was installed in
    # (where the user's libraries are), unless told otherwise.
    os.environ.setdefault("CELLPIPE_PYTHON", sys.executable)
    # Replaces this process: signals, exit status and the terminal go to Node.
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
