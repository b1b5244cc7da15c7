# %% tags=imports
import pandas as pd
# %% step=load
df = pd.DataFrame({'a': [1, 2, 3], 'b': [4.0, 5.5, 6.25]})
# %% step=features
df['c'] = df['a'] * df['b']
# %% step=report
total = float(df['c'].sum())
# %% check: df, total
