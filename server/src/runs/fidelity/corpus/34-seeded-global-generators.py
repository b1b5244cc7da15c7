# %% tags=imports
import random
import numpy as np
np.random.seed(0)
random.seed(1)
# %% step=first
a = np.random.rand(3)
r1 = random.random()
# %% step=second
b = np.random.randint(0, 100, size=4)
# %% step=third
c = np.random.normal(size=2)
r2 = random.choice(["x", "y", "z", "w"])
# %% check: a, r1, b, c, r2
