# %% tags=functions
class Counter:
    def __init__(self):
        self.count = 0
    def bump(self):
        self.count += 1
# %% step=make
c = Counter()
# %% step=bump
c.bump()
c.bump()
# %% step=attr
c.label = 'twice'
# %% step=use
value = c.count
# %% check: c, value
