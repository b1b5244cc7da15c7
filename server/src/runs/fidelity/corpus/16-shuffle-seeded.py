# %% tags=imports
import random
# %% step=make
deck = list(range(10))
# %% step=shuffle
random.seed(3)
random.shuffle(deck)
# %% step=use
top = deck[:3]
# %% check: deck, top
