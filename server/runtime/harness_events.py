"""The harness's event lines on stdout and the error that ends a step with one.
Part of the harness, inlined into every step program.
"""

from __future__ import annotations

import json
import sys

from harness_outputs import Display

_PREFIX = "@@cellpipe "


class StepError(Exception):
    """Ends the step with one `error` event of the given kind."""

    def __init__(self, kind: str, message: str, **fields: object) -> None:
        super().__init__(message)
        self.kind, self.message, self.fields = kind, message, fields


class _Tracked:
    """Passes a text stream through, remembering whether its last line is unfinished."""

    def __init__(self, stream) -> None:
        self.raw, self.partial = stream, False

    def write(self, text: str) -> int:
        written = self.raw.write(text)
        if text:
            self.partial = not text.endswith("\n")
        return written

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class Events:
    """Event lines on stdout, never glued to a partial line of the step's own output."""

    def __init__(self) -> None:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(line_buffering=True)
        self.out, self.err = _Tracked(sys.stdout), _Tracked(sys.stderr)
        sys.stdout, sys.stderr = self.out, self.err
        self.display = Display(self)

    def emit(self, event: str, **fields: object) -> None:
        for stream in (self.err, self.out):  # stdout and stderr may share one log
            if stream.partial:
                stream.write("\n")
                stream.flush()
        line = json.dumps({"event": event, **fields}, ensure_ascii=True, default=str)
        self.out.raw.write(_PREFIX + line + "\n")
        self.out.raw.flush()

    def warn(self, message: str) -> None:
        self.err.write(f"cellpipe: warning: {message}\n")
