# %% step=make
xs = [1]
# %% step=both
xs.append(2)
ys = xs
xs = [0]
# %% step=use
pair = (xs, ys)
# %% check: xs, ys, pair
