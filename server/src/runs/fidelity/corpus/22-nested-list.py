# %% step=make
grid = [[0, 0], [0, 0]]
# %% step=set
grid[1][0] = 7
# %% step=use
flat = [v for row in grid for v in row]
# %% check: grid, flat
