"""What a kernel keeps between cells that a step must carry over: the global random
generators, and functions rebound to the step's namespace. Part of the harness,
inlined into every step program.
"""

from __future__ import annotations

import sys
import types

from harness_values import _PRELUDE_OBJECTS

# The global generators of `random` and numpy, carried from step to step when the
# notebook seeds them (compiler/randomState.ts): restored after the prelude, which seeds
# again in every step, so the cells draw what they draw in one kernel.
_RANDOM_STATE = "__cellpipe_random_state__"


def _restore_random_state(namespace: dict) -> dict | None:
    state = namespace.pop(_RANDOM_STATE, None)
    if not isinstance(state, dict):
        return None
    if state.get("random") is not None:
        import random

        random.setstate(state["random"])
    if state.get("numpy") is not None:
        import numpy

        numpy.random.set_state(state["numpy"])
    return state


def _random_state(previous: dict | None) -> dict:
    """The generators now; numpy's as it came in when this step never imported numpy."""
    import random

    numpy = sys.modules.get("numpy")
    return {
        "random": random.getstate(),
        "numpy": numpy.random.get_state()
        if numpy is not None and hasattr(numpy, "random")
        else (previous or {}).get("numpy"),
    }


def _adopt_functions(namespace: dict) -> None:
    """A function a step defined comes with a copy of the globals it used (cloudpickle);
    in a kernel its globals are the notebook's. Rebound to this step's namespace, a call
    changes this step's objects (`def note(x): log.append(x)`, `global counter`), which
    the step then passes on. Globals it used that this step lacks come along."""
    for name, value in list(namespace.items()):
        if not isinstance(value, types.FunctionType) or value.__globals__ is namespace:
            continue
        if value.__module__ != "__main__" or id(value) in _PRELUDE_OBJECTS:
            continue
        for key, captured in value.__globals__.items():
            namespace.setdefault(key, captured)
        adopted = types.FunctionType(
            value.__code__, namespace, value.__name__, value.__defaults__, value.__closure__
        )
        adopted.__kwdefaults__ = value.__kwdefaults__
        adopted.__qualname__ = value.__qualname__
        adopted.__doc__ = value.__doc__
        adopted.__dict__.update(value.__dict__)
        namespace[name] = adopted
