# %% tags=imports
import numpy as np
# %% step=make
arr = np.array([3, 1, 2])
# %% step=sort
arr.sort()
# %% step=use
first = int(arr[0])
# %% check: arr, first
