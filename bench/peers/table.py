"""Renders the measured medians as the Markdown table of issue 17, with ratios to Cellpipe."""

from __future__ import annotations

COLUMNS = [
    ("baseline", "one Python process"),
    ("cellpipe", "Cellpipe `run`"),
    ("papermill", "papermill (one kernel)"),
    ("elyra", "Elyra local"),
    ("kfp", "kfp.local (subprocess)"),
]
ROWS = ["chain20", "parallel4", "ml", "cached20", "compile300"]
ROW_TITLES = {"cached20": "fully cached re-run, 20 steps"}
# The compile row puts Kale's compile in the last column, as the table does.
PLACED = {("compile300", "kale"): "kfp"}


def _fmt(res: dict, base: float | None, note: str, prefix: str, key: str) -> str:
    if res.get("error"):
        return prefix + res["error"]
    t = res[key]
    ratio = f", {t / base:.2f}x" if base else ""
    return f"{prefix}{t:.2f} s{(' ' + note) if note else ''}{ratio}"


def render(
    results: dict, meta: dict, titles: dict[str, str], key: str = "median", footer: bool = True
) -> str:
    head = "| workload | " + " | ".join(t for _, t in COLUMNS) + " |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 1)]
    for row in ROWS:
        cells = {}
        for (r, c), res in results.items():
            if r == row:
                cells[PLACED.get((r, c), c)] = (c, res)
        if not cells:
            continue
        cp = cells.get("cellpipe", (None, {}))[1]
        base = cp.get(key) if cp and not cp.get("error") else None
        out = []
        for col, _ in COLUMNS:
            if col not in cells:
                out.append("–")
                continue
            tool, res = cells[col]
            note = meta["notes"].get(f"{row}.{tool}", "")
            prefix = "Kale " if tool == "kale" else ""
            out.append(_fmt(res, None if tool == "cellpipe" else base, note, prefix, key))
        title = ROW_TITLES.get(row, titles.get(row, row))
        lines.append(f"| {title} | " + " | ".join(out) + " |")
    if not footer:
        return "\n".join(lines) + "\n"
    v = meta["versions"]
    la, lb = meta["load_before"], meta["load_after"]
    lines += [
        "",
        f"Median of {meta['reps']} (after {meta['warmup']} untimed warm-up), wall time of the "
        "whole command; `Nx` = that tool's time / Cellpipe's in the same row.",
        f"Cellpipe {meta['checkout']} ({meta['cellpipe']}); "
        + ", ".join(f"{k} {ver}" for k, ver in v.items())
        + f"; {meta['cpus']} CPUs, load average {la[0]:.1f} before, {lb[0]:.1f} after "
        f"(anything above {meta['cpus']} means other work shared the CPUs: noisy figures).",
    ]
    return "\n".join(lines) + "\n"
