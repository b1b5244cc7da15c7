# %% tags=functions
class Item:
    def __init__(self, v):
        self.v = v
# %% step=make
items = [Item(1), Item(2)]
# %% step=change
for it in items:
    it.v *= 10
# %% step=use
values = [it.v for it in items]
# %% check: values, items
