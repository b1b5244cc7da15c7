# %% tags=imports
import pandas as pd
# %% step=load
df = pd.DataFrame({'a': [1, None, 3], 'b': [1, 2, 3], 'junk': [0, 0, 0]})
# %% step=clean
df.drop(columns=['junk'], inplace=True)
df.dropna(inplace=True)
# %% step=use
rows = len(df)
# %% check: df, rows
