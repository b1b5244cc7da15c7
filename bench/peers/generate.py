"""Writes every workload in every tool's format under one folder (default: a cache folder
outside the checkout). Nothing it writes is committed; run.py calls it before measuring.

    python bench/peers/generate.py [--out DIR] [--elyra-version N]

Layout: DIR/<workload>/<format>/..., formats: cellpipe, kale, plain, baseline, elyra, kfp.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import formats  # noqa: E402
import workloads  # noqa: E402

DEFAULT_HOME = Path(os.environ.get("CELLPIPE_PEERS_HOME", Path.home() / ".cache/cellpipe/peers"))

# Which formats each workload is written in (rows 4 and 5 are Cellpipe / Kale only).
PLAN = {
    "chain20": ("cellpipe", "plain", "baseline", "elyra", "kfp"),
    "parallel4": ("cellpipe", "plain", "baseline", "elyra", "kfp"),
    "ml": ("cellpipe", "plain", "baseline", "elyra", "kfp"),
    "compile300": ("kale",),
}


def all_workloads() -> dict[str, workloads.Workload]:
    return {
        "chain20": workloads.chain(20),
        "parallel4": workloads.parallel(4, 1.0),
        "ml": workloads.ml(),
        "compile300": workloads.big_notebook(30, 10),
    }


def files_for(w: workloads.Workload, fmt: str, elyra_version: int) -> dict[str, str]:
    if fmt == "elyra":
        return formats.elyra(w, elyra_version)
    return getattr(formats, {"cellpipe": "cellpipe_notebook", "kale": "kale_notebook",
                             "plain": "plain_notebook"}.get(fmt, fmt))(w)  # fmt: skip


def generate(out: Path, elyra_version: int) -> dict[str, workloads.Workload]:
    found = all_workloads()
    for key, fmts in PLAN.items():
        for fmt in fmts:
            folder = out / key / fmt
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for rel, text in files_for(found[key], fmt, elyra_version).items():
                (folder / rel).write_text(text)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_HOME / "workloads")
    ap.add_argument("--elyra-version", type=int, default=8, help="Elyra's pipeline version")
    a = ap.parse_args()
    generate(a.out, a.elyra_version)
    print(f"workloads written under {a.out}")


if __name__ == "__main__":
    main()
