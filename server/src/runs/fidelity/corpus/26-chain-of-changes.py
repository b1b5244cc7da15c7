# %% step=make
state = {'steps': []}
# %% step=a
state['steps'].append('a')
# %% step=b
state['steps'].append('b')
# %% step=c
state['steps'].append('c')
# %% step=use
order = tuple(state['steps'])
# %% check: state, order
