# %% tags=imports
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
# %% step=make
X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=300)
# %% step=fit
model.fit(X, y)
# %% step=evaluate
score = model.score(X, y)
pred = model.predict(X[:10])
# %% check: model, score, pred
