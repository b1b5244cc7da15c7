# %% tags=imports
import pandas as pd
# %% step=load
df = pd.DataFrame({'a': [1, 5, 9], 'flag': [0, 0, 0]})
# %% step=flag
df.loc[df['a'] > 3, 'flag'] = 1
# %% step=use
flagged = int(df['flag'].sum())
# %% check: df, flagged
