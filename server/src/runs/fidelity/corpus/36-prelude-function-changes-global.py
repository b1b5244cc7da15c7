# %% tags=functions
def remember(event):
    history.append(event)


def bump():
    global counter
    counter += 1
# %% step=start
history = []
counter = 0
# %% step=first
remember("first")
bump()
# %% step=second
remember("second")
bump()
# %% step=report
summary = f"{counter}: {'/'.join(history)}"
# %% check: history, counter, summary
