# %% tags=imports
import numpy as np
from sklearn.preprocessing import StandardScaler
# %% step=make
X = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
scaler = StandardScaler()
# %% step=fit
Xs = scaler.fit_transform(X)
# %% step=use
back = scaler.inverse_transform(Xs)
# %% check: scaler, Xs, back, X
