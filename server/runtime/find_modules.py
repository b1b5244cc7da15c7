"""Which of the given top-level modules and pip packages this Python lacks, without importing
any of them (the pre-flight check, docs/kubernetes.md). Reads {"modules": [...], "packages":
[...], "path": [...]} from argv[1] or stdin; prints {"python", "missing", "missing_packages"}."""

import importlib.util
import json
import os
import re
import sys

_HERE = globals().get("__file__")  # none under `python3 -c` (the Kubernetes check Job)
if _HERE and sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(_HERE)):
    del sys.path[0]  # this script's folder is not the step's


def missing_modules(names):
    missing = []
    for name in names:
        if name in sys.builtin_module_names:
            continue
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def missing_packages(requirements):
    if not requirements:
        return []
    import importlib.metadata  # costs ~20-60 ms: only when a step names packages

    missing = []
    for requirement in requirements:
        name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        try:
            importlib.metadata.distribution(name.group(0) if name else requirement)
        except importlib.metadata.PackageNotFoundError:
            missing.append(requirement)
    return missing


def main():
    request = json.loads(sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read())
    sys.path[0:0] = request.get("path", [])
    print(
        json.dumps(
            {
                "python": sys.executable,
                "missing": missing_modules(request.get("modules", [])),
                "missing_packages": missing_packages(request.get("packages", [])),
            }
        )
    )


main()
