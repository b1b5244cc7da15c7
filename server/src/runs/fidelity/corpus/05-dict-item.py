# %% step=make
config = {'lr': 0.1}
# %% step=tune
config['lr'] = 0.01
config['epochs'] = 3
# %% step=use
summary = sorted(config.items())
# %% check: config, summary
