# %% step=make
data = {'items': [1]}
# %% step=alias
items = data['items']
items.append(2)
# %% step=use
n = len(data['items'])
# %% check: data, n
