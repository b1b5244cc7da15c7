"""The command behind each cell of the table: what runs, where, and how success is checked.

A Job is timed from spawn to exit (the wall time a user waits for); `prepare` runs before
each repetition and is not timed (it puts the tool's working folder back as generated);
`check` reads the finished command's output and says what went wrong, or None.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Check = Callable[[int, str], "str | None"]


@dataclass
class Job:
    argv: list[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] = lambda: None
    check: Check = lambda rc, out: None if rc == 0 else f"exit code {rc}"
    note: str = ""  # shown next to the time, e.g. "(20 processes)"
    seed: Job | None = None  # run once, untimed, before the repetitions (fills a cache)


@dataclass
class Context:
    root: Path  # the Cellpipe checkout measured
    work: Path  # generated workloads (pristine, never run in place)
    scratch: Path  # where runs happen; wiped per repetition where a tool writes in place
    peers: Path  # the peers' virtual environments
    python: str  # the Python Cellpipe runs steps with (and the baseline uses)


def _fresh_copy(src: Path, dst: Path) -> Callable[[], None]:
    def prepare() -> None:
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)

    return prepare


def _exit_ok(rc: int, out: str) -> str | None:
    return None if rc == 0 else f"exit code {rc}: {out.strip().splitlines()[-1:] or ''}"


def _run_record_ok(want: str) -> Check:
    """`cellpipe run --json` prints the final run record; every step must end `want`."""

    def check(rc: int, out: str) -> str | None:
        try:
            rec = json.loads(out[out.index("{") :])
        except ValueError:
            return f"exit code {rc}, no run record"
        steps = rec.get("steps", [])
        states = {s.get("name", "?"): s.get("status") for s in steps}
        bad = {n: s for n, s in states.items() if s != want}
        if rc != 0 or rec.get("status") != "succeeded" or bad or not steps:
            return f"run {rec.get('status')} ({rec.get('reason')}); steps not {want}: {bad}"
        return None

    return check


def cellpipe_env(ctx: Context, home: Path) -> dict[str, str]:
    return {
        "PATH": f"{ctx.root / '.venv/bin'}:{os.environ.get('PATH', '')}",
        "CELLPIPE_HOME": str(home),
        "CELLPIPE_PYTHON": ctx.python,
    }


def cellpipe_run(ctx: Context, key: str, cached: bool = False) -> Job:
    nb = ctx.work / key / "cellpipe" / f"{key}.cellpipe.ipynb"
    home = ctx.scratch / "cellpipe-home" / (key + ("-cached" if cached else ""))
    argv = [str(ctx.root / "server/bin/cellpipe"), "run", "--json", str(nb)]
    if not cached:
        argv.insert(3, "--no-cache")
    job = Job(argv, nb.parent, cellpipe_env(ctx, home))
    job.check = _run_record_ok("cached" if cached else "succeeded")
    if cached:
        job.seed = Job([*argv], nb.parent, job.env, check=_run_record_ok("succeeded"))
    return job


def cellpipe_compile(ctx: Context, key: str) -> Job:
    nb = ctx.work / key / "kale" / f"{key}.kale.ipynb"
    home = ctx.scratch / "cellpipe-home" / key
    argv = [str(ctx.root / "server/bin/cellpipe"), "compile", str(nb)]
    return Job(argv, nb.parent, cellpipe_env(ctx, home), check=_exit_ok)


def baseline(ctx: Context, key: str, steps: list[str], mode: str) -> Job:
    """`whole`: the notebook top to bottom in one process; `chain`: one process per step,
    one after the other; `parallel`: one process per step, all at once."""
    src, dst = ctx.work / key / "baseline", ctx.scratch / key / "baseline"
    py = ctx.python
    if mode == "whole":
        return Job([py, "all.py"], dst, prepare=_fresh_copy(src, dst), check=_exit_ok,
                   note="(the notebook top to bottom)")  # fmt: skip
    if mode == "chain":
        script = " && ".join(f'"{py}" {s}.py' for s in steps)
    else:
        starts = " ".join(f'"{py}" {s}.py & p{i}=$!;' for i, s in enumerate(steps))
        script = starts + " " + " && ".join(f"wait $p{i}" for i in range(len(steps)))
    note = f"({len(steps)} processes{', at once' if mode == 'parallel' else ''})"
    return Job(["sh", "-c", script], dst, prepare=_fresh_copy(src, dst), check=_exit_ok,
               note=note)  # fmt: skip


def papermill(ctx: Context, key: str) -> Job:
    venv = ctx.peers / "papermill"
    src = ctx.work / key / "plain" / f"{key}.ipynb"
    out = ctx.scratch / key / "papermill" / f"{key}.out.ipynb"
    argv = [str(venv / "bin/papermill"), "--kernel", "python3", "--no-progress-bar",
            str(src), str(out)]  # fmt: skip
    env = {"PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}"}
    return Job(argv, out.parent, env, prepare=lambda: out.parent.mkdir(parents=True, exist_ok=True),
               check=_exit_ok)  # fmt: skip


def elyra(ctx: Context, key: str, last: str) -> Job:
    venv = ctx.peers / "elyra"
    src, dst = ctx.work / key / "elyra", ctx.scratch / key / "elyra"
    argv = [str(venv / "bin/elyra-pipeline"), "run", f"{key}.pipeline"]
    env = {"PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}"}

    def check(rc: int, out: str) -> str | None:
        if rc != 0:
            return _exit_ok(rc, out)
        return (
            None if (dst / f"{last}.pkl").exists() else f"no {last}.pkl: the last node did not run"
        )

    return Job(argv, dst, env, prepare=_fresh_copy(src, dst), check=check)


def kfp(ctx: Context, key: str) -> Job:
    venv = ctx.peers / "kfp"
    src, dst = ctx.work / key / "kfp", ctx.scratch / key / "kfp"
    argv = [str(venv / "bin/python"), "pipeline.py", str(dst / "local_outputs")]
    env = {"PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}"}
    return Job(argv, dst, env, prepare=_fresh_copy(src, dst), check=_exit_ok)


def kale_compile(ctx: Context, key: str) -> Job:
    venv = ctx.peers / "kale"
    src, dst = ctx.work / key / "kale", ctx.scratch / key / "kale"
    argv = [str(venv / "bin/kale"), "--nb", f"{key}.kale.ipynb"]
    env = {"PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}"}
    return Job(argv, dst, env, prepare=_fresh_copy(src, dst), check=_exit_ok)
