"""Side-by-side benchmark of Cellpipe against papermill, Elyra, kfp.local and Kale (issue 17).

    bench/peers/setup.sh                 # once: the peers' virtual environments
    python3 bench/peers/run.py [--reps 3] [--warmup 1] [--only chain20,ml]

Generates the workloads, then times every cell of the table (wall time of the whole command,
from spawn to exit), repetitions interleaved across tools so that a noisy minute on a shared
machine hits every tool alike, and prints one Markdown table of medians with ratios to
Cellpipe. Raw figures, logs and the table go to <peers home>/results/<timestamp>/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import commands as cmd  # noqa: E402
import generate  # noqa: E402
import table  # noqa: E402

ROOT = HERE.parent.parent
TOOLS = ("papermill", "elyra", "kfp", "kale")


def unavailable(peers: Path) -> dict[str, str]:
    """Tool -> why it cannot be measured here (setup.sh leaves a <tool>.failed note)."""
    why = {}
    for tool in TOOLS:
        failed = peers / f"{tool}.failed"
        if failed.exists():
            why[tool] = "not installable: " + failed.read_text().strip()[:120]
        elif not (peers / tool / "freeze.txt").exists():
            why[tool] = "not set up: run bench/peers/setup.sh"
    return why


def elyra_pipeline_version(peers: Path) -> int:
    py = peers / "elyra/bin/python"
    code = "from elyra.pipeline.pipeline import PIPELINE_CURRENT_VERSION as v; print(v)"
    try:
        return int(subprocess.run([py, "-c", code], capture_output=True, text=True).stdout)
    except (OSError, ValueError):
        return 8


def plan(ctx: cmd.Context, found: dict, missing: dict[str, str]) -> list[tuple[str, str, object]]:
    """(row, column, Job or the reason it is n/a) for every cell of the table."""
    cells = []
    for key, mode in (("chain20", "chain"), ("parallel4", "parallel"), ("ml", "whole")):
        names = [s.name for s in found[key].steps]
        cells += [
            (key, "baseline", cmd.baseline(ctx, key, names, mode)),
            (key, "cellpipe", cmd.cellpipe_run(ctx, key)),
            (key, "papermill", missing.get("papermill") or cmd.papermill(ctx, key)),
            (key, "elyra", missing.get("elyra") or cmd.elyra(ctx, key, names[-1])),
            (key, "kfp", missing.get("kfp") or cmd.kfp(ctx, key)),
        ]
    cells.append(("cached20", "cellpipe", cmd.cellpipe_run(ctx, "chain20", cached=True)))
    cells.append(("compile300", "cellpipe", cmd.cellpipe_compile(ctx, "compile300")))
    cells.append(("compile300", "kale", missing.get("kale") or cmd.kale_compile(ctx, "compile300")))
    return cells


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(job: cmd.Job, log: Path) -> tuple[float, float, str | None]:
    """Wall time, and CPU time (user + sys) of the processes the command waited for."""
    job.prepare()
    env = {**os.environ, **job.env}
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(job.argv, cwd=job.cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)  # fmt: skip
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu0
    with log.open("a") as f:
        f.write(f"$ (cd {job.cwd} && {' '.join(map(str, job.argv))})  # {elapsed:.3f} s\n")
        f.write(proc.stdout + "\n")
    return elapsed, cpu, job.check(proc.returncode, proc.stdout)


def medians(results: dict) -> None:
    for res in results.values():
        res["median"] = statistics.median(res["times"]) if res["times"] else None
        res["cpu_median"] = statistics.median(res["cpu"]) if res["cpu"] else None


def measure(cells, reps: int, warmup: int, out: Path, on_rep) -> dict:
    """Times every live cell `warmup + reps` times; `on_rep(results, n)` after each timed rep."""
    results = {(r, c): {"times": [], "cpu": [], "error": None} for r, c, j in cells}
    for r, c, job in cells:
        if isinstance(job, str):
            results[(r, c)]["error"] = f"n/a ({job})"
    live = [(r, c, j) for r, c, j in cells if not isinstance(j, str)]
    for r, c, job in live:
        if job.seed:
            _, _, err = timed(job.seed, out / f"{r}.{c}.log")
            if err:
                results[(r, c)]["error"] = f"failed (seed: {err})"
    for rep in range(-warmup, reps):
        for r, c, job in live:
            res = results[(r, c)]
            if res["error"]:
                continue
            label = "warm-up" if rep < 0 else f"rep {rep + 1}/{reps}"
            elapsed, cpu, err = timed(job, out / f"{r}.{c}.log")
            line = f"  {label:10} {r:11} {c:10} {elapsed:7.2f} s (cpu {cpu:6.2f} s) {err or ''}"
            print(line, flush=True)
            if err:
                res["error"] = f"failed ({err[:160]})"
            elif rep >= 0:
                res["times"].append(elapsed)
                res["cpu"].append(cpu)
        if rep >= 0:
            medians(results)
            on_rep(results, rep + 1)
    return results


def versions(peers: Path, missing: dict[str, str]) -> dict[str, str]:
    pkgs = {"papermill": "papermill", "elyra": "elyra-server", "kfp": "kfp",
            "kale": "kubeflow-kale"}  # fmt: skip
    out = {}
    for tool, pkg in pkgs.items():
        if tool in missing:
            continue
        code = f"import importlib.metadata as m; print(m.version({pkg!r}))"
        res = subprocess.run(
            [peers / tool / "bin/python", "-c", code], capture_output=True, text=True
        )
        out[tool] = res.stdout.strip() or "?"
    return out


def checkout_state(root: Path) -> str:
    if (root / "COMMIT").exists():  # a folder made by snapshot.sh
        return f"{(root / 'COMMIT').read_text().strip()} (snapshot)"

    def git(*a: str) -> str:
        return subprocess.run(
            ["git", "-C", root, *a], capture_output=True, text=True
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "server")
    return (
        f"{git('rev-parse', '--short', 'HEAD')}{' + uncommitted server changes' if dirty else ''}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs of every cell first")
    ap.add_argument("--only", default="", help="rows, comma-separated (default: all)")
    ap.add_argument("--peers", type=Path, default=generate.DEFAULT_HOME)
    ap.add_argument("--cellpipe", type=Path, default=ROOT, help="the checkout to measure")
    a = ap.parse_args()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = a.peers / "results" / stamp
    work, scratch = a.peers / "workloads", a.peers / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    out.mkdir(parents=True)
    missing = unavailable(a.peers)
    found = generate.generate(work, elyra_pipeline_version(a.peers))
    python = str(a.cellpipe / ".venv/bin/python3")
    ctx = cmd.Context(a.cellpipe.resolve(), work, scratch, a.peers, python)
    cells = plan(ctx, found, missing)
    if a.only:
        keep = set(a.only.split(","))
        cells = [x for x in cells if x[0] in keep]
    load0 = os.getloadavg()
    print(
        f"measuring {len(cells)} cells, {a.reps} reps (+{a.warmup} warm-up); logs: {out}",
        flush=True,
    )
    versions_ = versions(a.peers, missing)
    titles = {k: w.title for k, w in found.items()}

    def report(results: dict, done: int) -> str:
        """Writes what is measured so far: a run cut short still leaves its table."""
        meta = {
            "when": stamp, "cellpipe": str(ctx.root), "checkout": checkout_state(ctx.root),
            "cpus": os.cpu_count(), "load_before": load0, "load_after": os.getloadavg(),
            "reps": done, "warmup": a.warmup, "versions": versions_,
            "notes": {f"{r}.{c}": j.note for r, c, j in cells if not isinstance(j, str) and j.note},
        }  # fmt: skip
        text = table.render(results, meta, titles)
        text += (
            "\nCPU time (user + sys of the command and the processes it waited for), medians:\n\n"
        )
        text += table.render(results, meta, titles, "cpu_median", footer=False)
        raw = {f"{r}.{c}": v for (r, c), v in results.items()}
        (out / "results.json").write_text(json.dumps({"meta": meta, "results": raw}, indent=1))
        (out / "table.md").write_text(text)
        return text

    results = measure(cells, a.reps, a.warmup, out, report)
    print("\n" + report(results, a.reps))


if __name__ == "__main__":
    main()
