# %% step=make
rows = [{'v': 1}, {'v': 2}]
# %% step=mark
for row in rows:
    row['double'] = row['v'] * 2
# %% step=use
doubles = [r['double'] for r in rows]
# %% check: rows, doubles
