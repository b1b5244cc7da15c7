# %% step=make
xs = [1, 2]
# %% step=grow
xs += [3, 4]
# %% step=use
s = sum(xs)
# %% check: xs, s
