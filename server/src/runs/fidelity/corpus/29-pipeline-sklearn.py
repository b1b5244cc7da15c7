# %% tags=imports
from sklearn.datasets import load_iris
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
# %% step=data
X, y = load_iris(return_X_y=True)
pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
# %% step=fit
pipe.fit(X[::2], y[::2])
# %% step=score
acc = pipe.score(X[1::2], y[1::2])
# %% check: acc, pipe
