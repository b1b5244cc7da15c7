# %% tags=imports
import pandas as pd
# %% step=make
s = pd.Series([3, 1, 2], name='v')
# %% step=change
s.iloc[0] = 10
s.sort_values(inplace=True)
# %% step=use
first = int(s.iloc[0])
# %% check: s, first
