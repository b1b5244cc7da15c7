"""Makes server/runtime importable for the in-process analyzer tests."""

import sys
from pathlib import Path

RUNTIME = Path(__file__).resolve().parent.parent
if str(RUNTIME) not in sys.path:
    sys.path.insert(0, str(RUNTIME))
