# %% tags=pipeline-parameters
C = 1.0
n = 2
# %% step=use
kind = type(C).__name__
scaled = C / 3
# %% check: C, kind, scaled, n
