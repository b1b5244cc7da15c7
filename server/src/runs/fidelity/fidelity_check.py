def _fidelity(**values):
    """Prints a canonical digest of the values (the same text in a kernel and in a step)."""
    import hashlib
    import json

    def canon(v):
        try:
            import numpy as np

            if isinstance(v, np.ndarray):
                data = np.ascontiguousarray(v)
                if data.dtype == object or data.dtype.names:  # structured: padding bytes vary
                    return ["ndarray", [canon(x) for x in data.tolist()]]
                return ["ndarray", str(v.dtype), list(v.shape), hashlib.sha256(data.tobytes()).hexdigest()]
            if isinstance(v, np.generic):
                return canon(v.item())
        except ImportError:
            pass
        try:
            import pandas as pd

            if isinstance(v, (pd.DataFrame, pd.Series)):
                text = v.to_json(orient="split", double_precision=15)
                if len(text) > 2000:  # a log line has a size limit: big frames by their hash
                    text = hashlib.sha256(text.encode()).hexdigest()
                return [type(v).__name__, list(v.shape), text]
        except ImportError:
            pass
        if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
            return v
        if isinstance(v, float):
            return ["float", repr(v)]
        if isinstance(v, dict):
            return ["dict", [[canon(k), canon(x)] for k, x in v.items()]]
        if isinstance(v, (list, tuple)):
            return [type(v).__name__, [canon(x) for x in v]]
        if isinstance(v, (set, frozenset)):
            return [type(v).__name__, sorted(json.dumps(canon(x), sort_keys=True) for x in v)]
        if hasattr(v, "get_params") and hasattr(v, "fit"):  # a scikit-learn estimator
            fitted = {k: canon(x) for k, x in sorted(vars(v).items()) if k.endswith("_")}
            return [type(v).__name__, repr(v), fitted]
        if hasattr(v, "__dict__"):
            return [type(v).__name__, canon(dict(sorted(vars(v).items())))]
        state = v.__reduce_ex__(2)[2] if hasattr(v, "__reduce_ex__") else None
        if isinstance(state, dict):  # extension types (a fitted tree) by their pickled state
            return [type(v).__name__, canon(dict(sorted(state.items())))]
        return [type(v).__name__, repr(v)]

    digest = {k: canon(v) for k, v in sorted(values.items())}
    print("@@fidelity " + json.dumps(digest, sort_keys=True))
