# %% tags=imports
import numpy as np
# %% step=make
big = np.arange(1000.0)
# %% step=look
print(big.sum())
total = float(np.sum(big))
# %% step=use
last = float(big[-1])
# %% check: big, total, last
