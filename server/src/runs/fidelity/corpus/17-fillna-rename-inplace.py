# %% tags=imports
import pandas as pd
# %% step=load
df = pd.DataFrame({'a': [1.0, None], 'b': [None, 2.0]})
# %% step=fill
df.fillna(0, inplace=True)
df.rename(columns={'a': 'A'}, inplace=True)
# %% step=use
cols = list(df.columns)
# %% check: df, cols
