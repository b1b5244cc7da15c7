# %% step=make
seen = set()
# %% step=add
seen.add('x')
seen.update({'y', 'z'})
# %% step=use
count = len(seen)
# %% check: seen, count
