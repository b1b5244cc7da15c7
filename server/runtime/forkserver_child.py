"""A fork server's child: becomes `python <program> <context>` in the step's own session,
environment and folder, runs the program, and exits as that interpreter would have."""

from __future__ import annotations

import atexit
import builtins
import io
import os
import signal
import sys
import threading
import traceback
import types

from forkserver_code import program_code


def run_child(request: dict, fds: list[int], ready_w: int, control_fds: set[int]) -> None:
    """Never returns: the child ends with the program's exit code."""
    code = 1
    try:
        os.setsid()  # own session and process group, as `detached: true` gives a spawn
        os.write(ready_w, b"1")
        os.close(ready_w)
        _own_streams(fds, control_fds)
        _become_step(request)
        code = _run_program(request["program"], request.get("code"))
    except BaseException:  # a failure here is the fork server's: say it where logs go
        try:
            traceback.print_exc()
        finally:
            os._exit(1)
    os._exit(code)


def _own_streams(fds: list[int], control_fds: set[int]) -> None:
    """stdin from /dev/null, stdout and stderr the FIFOs; the server's channels closed."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    for fd in {devnull, *fds, *control_fds} - {0, 1, 2}:
        try:
            os.close(fd)
        except OSError:
            pass
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    encoding, errors = sys.stdout.encoding, sys.stdout.errors
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding)
    # As PYTHONUNBUFFERED=1 makes them in a fresh interpreter: written through at once.
    sys.stdout = sys.__stdout__ = _text(1, encoding, errors)
    sys.stderr = sys.__stderr__ = _text(2, encoding, "backslashreplace")


def _text(fd: int, encoding: str, errors: str) -> io.TextIOWrapper:
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding, errors, line_buffering=False, write_through=True)


def _become_step(request: dict) -> None:
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    program = request["program"]
    sys.argv = [program, request["context"]]
    sys.orig_argv = [sys.executable, program, request["context"]]
    sys.path[0:0] = [os.path.dirname(os.path.abspath(program))]  # a script's own folder
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:  # `random` reseeds itself after a fork; numpy does not
        numpy_random.seed()


def _run_program(program: str, split: tuple | None) -> int:
    """Runs the file as __main__ (its harness compiled by the parent when `split` is given);
    the exit code Python itself would give."""
    main = types.ModuleType("__main__")
    main.__file__, main.__builtins__, main.__cached__ = program, builtins, None
    sys.modules["__main__"] = main
    try:
        if split is not None:
            codes = program_code(split, program)
        else:
            with open(program, "rb") as file:
                codes = [compile(file.read(), program, "exec", dont_inherit=True)]
        for code in codes:
            exec(code, main.__dict__)
        status = 0
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    return _shutdown(status)


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _shutdown(status: int) -> int:
    """What the interpreter does on its way out: join threads, atexit, flush."""
    try:
        threading._shutdown()  # noqa: SLF001 (what multiprocessing's children call too)
    except Exception:
        pass
    atexit._run_exitfuncs()  # noqa: SLF001
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            status = status or 120  # as Python does when flushing stdout fails
    return status
