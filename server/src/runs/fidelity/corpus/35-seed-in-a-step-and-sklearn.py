# %% tags=imports
import numpy as np
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
# %% step=load
X, y = load_iris(return_X_y=True)
# %% step=split
np.random.seed(42)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
# %% step=train
forest = RandomForestClassifier(n_estimators=10, max_depth=3)
forest.fit(X_train, y_train)
# %% step=score
noise = np.random.rand(2)
score = forest.score(X_test, y_test)
pred = forest.predict(X_test)
# %% check: X_test, y_test, noise, score, pred
