# %% step=make
log = []
# %% step=record
def note(x):
    log.append(x)
note('one')
note('two')
# %% step=use
joined = '-'.join(log)
# %% check: log, joined
