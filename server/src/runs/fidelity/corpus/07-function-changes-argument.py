# %% tags=functions
def normalise(frame):
    frame['a'] = frame['a'] / frame['a'].max()
# %% tags=imports
import pandas as pd
# %% step=load
df = pd.DataFrame({'a': [1.0, 2.0, 4.0]})
# %% step=norm
normalise(df)
# %% step=use
top = float(df['a'].max())
# %% check: df, top
