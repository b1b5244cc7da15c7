# %% tags=imports
import pandas as pd
# %% step=make
df = pd.DataFrame({'a': [1]})
# %% step=add
df.loc[len(df)] = [2]
df.loc[len(df)] = [3]
# %% step=use
n = len(df)
# %% check: df, n
