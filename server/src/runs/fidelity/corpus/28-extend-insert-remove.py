# %% step=make
xs = [3, 4]
# %% step=edit
xs.extend([5, 6])
xs.insert(0, 1)
xs.remove(4)
xs.reverse()
# %% step=use
n = len(xs)
# %% check: xs, n
