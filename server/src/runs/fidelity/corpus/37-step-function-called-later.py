# %% step=make
rows = [{"x": 1}, {"x": 2}]
# %% step=define
def scale(factor):
    for row in rows:
        row["x"] *= factor
# %% step=apply
scale(10)
# %% step=use
total = sum(r["x"] for r in rows)
# %% check: rows, total
