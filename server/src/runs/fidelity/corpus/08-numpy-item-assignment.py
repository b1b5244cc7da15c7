# %% tags=imports
import numpy as np
# %% step=make
arr = np.arange(6.0)
# %% step=change
arr[0] = 100.0
arr[1:3] *= 2
# %% step=use
m = float(arr.mean())
# %% check: arr, m
