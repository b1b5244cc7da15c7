# %% step=make
history = []
# %% step=first
history.append('a')
# %% step=second
history.append('b')
# %% step=show
n = len(history)
# %% check: history, n
