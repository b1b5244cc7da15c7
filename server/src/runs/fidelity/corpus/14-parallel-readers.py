# %% tags=imports
import pandas as pd
# %% step=load
df = pd.DataFrame({'a': [1, 2, 3, 4]})
# %% step=mean
mean = float(df['a'].mean())
# %% step=size
size = len(df)
# %% step=join
summary = (mean, size)
# %% check: summary, df
