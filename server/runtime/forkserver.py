"""Cellpipe's warm interpreter for local steps (docs/engine.md, "The warm interpreter").

One long-lived process per step Python and environment, started by ForkServer.ts. It
imports the modules the steps import once (those installed in the environment, never the
notebook's own), then forks a fresh child per step that runs the step program exactly as
`python _program.py _context.json` would: its own session and process group, the step's
environment and working directory, its own stdout and stderr (FIFOs the server reads).
The parent never runs step code, so every child starts from the same clean state.

Requests arrive as JSON lines on stdin and replies leave as JSON lines on stdout:
  {"op": "run", "id", "program", "context", "cwd", "env"}  -> {"id", "fifos": [out, err]}
      or {"id", "fallback": why} (run it in a fresh interpreter), or {"id", "retire": why}
  {"op": "opened", "id"} (the server reads both FIFOs) -> {"id", "pid", "rss"}
  the child ends                                       -> {"id", "exit": {"code", "signal"}}
End of stdin ends the fork server. The argument `_program.py` is there so that a step
child, whose command line is this one, is recognised as a step (recoverInterrupted.ts).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import sys
import tempfile
import threading

from forkserver_child import run_child
from forkserver_code import ProgramCode
from forkserver_imports import Preloader


class ForkServer:
    def __init__(self, exclude: set[str]) -> None:
        self.preloader = Preloader(exclude)
        self.codes = ProgramCode()
        self.waiting: dict[int, dict] = {}  # id -> request whose FIFOs await the reader
        self.children: dict[int, int] = {}  # pid -> id
        self.folder = tempfile.mkdtemp(prefix="cellpipe-fork-")
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop through the fd
        signal.signal(signal.SIGTERM, lambda *_: self.end())
        self.running = True

    def serve(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(0, selectors.EVENT_READ)
        selector.register(self.wake_r, selectors.EVENT_READ)
        self.control_fds = {0, 1, self.wake_r, self.wake_w, selector.fileno()}
        buffer = b""
        while self.running:
            for key, _ in selector.select():
                if key.fd == self.wake_r:
                    os.read(self.wake_r, 4096)
                    self.reap()
                    continue
                chunk = os.read(0, 1 << 16)
                if not chunk:
                    return self.end()
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.strip():
                        self.handle(json.loads(line))

    def handle(self, request: dict) -> None:
        ident = request["id"]
        try:
            if request["op"] == "run":
                self.prepare(request)
            elif request["op"] == "opened":
                self.fork(self.waiting.pop(ident))
            elif request["op"] == "cancel":  # the server gave up before opening
                self.unlink(self.waiting.pop(ident, None))
        except Exception as exc:  # one bad request must not end the others
            self.reply(id=ident, fallback=f"the fork server failed: {type(exc).__name__}: {exc}")

    def prepare(self, request: dict) -> None:
        ident = request["id"]
        stale = self.preloader.stale()
        if stale:
            return self.reply(id=ident, retire=stale)
        self.preloader.preload(request["program"])
        if self.preloader.unsafe:
            return self.reply(
                id=ident, fallback=self.preloader.unsafe, exclude=self.preloader.unsafe_module
            )
        fifos = [os.path.join(self.folder, f"{ident}.{name}") for name in ("out", "err")]
        for fifo in fifos:
            os.mkfifo(fifo, 0o600)
        self.waiting[ident] = {**request, "fifos": fifos}
        self.reply(id=ident, fifos=fifos)

    def fork(self, request: dict) -> None:
        # The server has both read ends open, so these opens do not block.
        fds = [os.open(fifo, os.O_WRONLY | os.O_NONBLOCK) for fifo in request["fifos"]]
        for fd in fds:
            os.set_blocking(fd, True)
        self.unlink(request)
        try:
            request["code"] = self.codes.split(request["program"])
        except (OSError, SyntaxError, ValueError):  # the child meets it as python would
            request["code"] = None
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            run_child(request, fds, ready_w, self.control_fds)  # never returns
        for fd in (*fds, ready_w):
            os.close(fd)
        os.read(ready_r, 1)  # the child has its own session: the server may signal it now
        os.close(ready_r)
        self.children[pid] = request["id"]
        self.reply(id=request["id"], pid=pid, rss=_rss())

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            ident = self.children.pop(pid, None)
            if ident is None:
                continue
            if os.WIFSIGNALED(status):
                number = os.WTERMSIG(status)
                exit_ = {"code": None, "signal": signal.Signals(number).name}
            else:
                exit_ = {"code": os.waitstatus_to_exitcode(status), "signal": None}
            self.reply(id=ident, exit=exit_)

    def unlink(self, request: dict | None) -> None:
        for fifo in (request or {}).get("fifos", []):
            try:
                os.unlink(fifo)
            except FileNotFoundError:
                pass

    def reply(self, **fields: object) -> None:
        os.write(1, (json.dumps(fields) + "\n").encode())

    def end(self) -> None:
        self.running = False
        for request in list(self.waiting.values()):
            self.unlink(request)
        try:
            os.rmdir(self.folder)
        except OSError:
            pass
        os._exit(0)  # the children live on in their own sessions; the server stops them


def _rss() -> int:
    """This process's resident memory in bytes (what the server bounds)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main(argv: list[str]) -> None:
    # The script's folder is not the steps' business: `import harness` must not find ours.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]
    exclude = set(filter(None, os.environ.pop("CELLPIPE_FORKSERVER_EXCLUDE", "").split(",")))
    if threading.active_count() != 1 or not hasattr(os, "fork"):
        print(json.dumps({"unsafe": "this Python cannot fork safely"}), flush=True)
        return
    server = ForkServer(exclude)
    server.reply(ready=True, pid=os.getpid(), rss=_rss())
    server.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
