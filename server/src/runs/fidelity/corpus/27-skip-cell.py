# %% step=make
xs = [1, 2, 3]
# %% tags=skip
xs.append(99)
# %% step=use
total = sum(xs)
# %% check: xs, total
