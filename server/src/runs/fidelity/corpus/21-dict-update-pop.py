# %% step=make
d = {'a': 1, 'b': 2, 'c': 3}
# %% step=change
d.update(e=5)
d.pop('a')
del d['b']
# %% step=use
keys = list(d)
# %% check: d, keys
