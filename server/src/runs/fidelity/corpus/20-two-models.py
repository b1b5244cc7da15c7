# %% tags=imports
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier
from sklearn.neighbors import KNeighborsClassifier
# %% step=data
X, y = load_iris(return_X_y=True)
tree = DecisionTreeClassifier(random_state=0)
knn = KNeighborsClassifier()
# %% step=fit_tree
tree.fit(X, y)
# %% step=fit_knn
knn.fit(X, y)
# %% step=compare
scores = {'tree': tree.score(X, y), 'knn': knn.score(X, y)}
# %% check: scores, tree
