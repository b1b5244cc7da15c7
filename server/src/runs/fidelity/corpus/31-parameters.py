# %% tags=pipeline-parameters
rate = 0.5
steps = 3
# %% step=make
values = [rate * i for i in range(steps)]
# %% step=scale
values[0] = -1.0
# %% step=use
total = sum(values)
# %% check: values, total, rate
