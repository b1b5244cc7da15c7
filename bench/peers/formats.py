"""Writes one workload in each tool's own format (pure: data in, file texts out).

Each function returns {relative path: text}. Where a tool has no data passing of its own
for a notebook (papermill's one kernel needs none; Elyra's file nodes and the baseline's
processes do), values go through pickle files named after the step that wrote them, the way
a person converting the notebook by hand would do it.
"""

from __future__ import annotations

import json
import textwrap
import uuid

from workloads import Step, Workload

NB_META = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}


def _cell(source: str, metadata: dict | None = None) -> dict:
    return {
        "cell_type": "code",
        "id": uuid.uuid5(uuid.NAMESPACE_URL, f"{source}|{json.dumps(metadata)}").hex[:12],
        "metadata": metadata or {},
        "execution_count": None,
        "outputs": [],
        "source": source,
    }


def _notebook(cells: list[dict], extra_meta: dict | None = None) -> str:
    # Cell ids must be unique; equal sources in one notebook get a counter.
    for i, c in enumerate(cells):
        c["id"] = f"{c['id'][:8]}{i:04d}"
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {**NB_META, **(extra_meta or {})}}
    nb["cells"] = cells
    return json.dumps(nb, indent=1) + "\n"


def cellpipe_notebook(w: Workload) -> dict[str, str]:
    """Cellpipe's own cell metadata; edges come from the variables each step reads."""
    cells = [_cell(w.imports, {"cellpipe": {"imports": True}})] if w.imports else []
    for s in w.steps:
        first = {"step": s.name, **({"after": s.after} if s.after else {})}
        cells.append(_cell(s.cells[0], {"cellpipe": first}))
        cells += [_cell(c) for c in s.cells[1:]]
    return {f"{w.name}.cellpipe.ipynb": _notebook(cells)}


def kale_notebook(w: Workload) -> dict[str, str]:
    """Kale's tags: `imports`, `step:NAME`, and `prev:` for every step it depends on."""
    cells = [_cell(w.imports, {"tags": ["imports"]})] if w.imports else []
    for s in w.steps:
        tags = [f"step:{s.name}", *[f"prev:{u}" for u in s.upstream]]
        cells.append(_cell(s.cells[0], {"tags": tags}))
        cells += [_cell(c) for c in s.cells[1:]]
    kale = {
        "kubeflow_notebook": {
            "experiment": {"id": "new", "name": "bench"},
            "experiment_name": "bench",
            "pipeline_name": w.name.replace("_", "-"),
            "pipeline_description": w.title,
            "base_image": "",  # Kale 2 refuses `docker_image` (its name before 2.0)
            "volumes": [],
        }
    }
    return {f"{w.name}.kale.ipynb": _notebook(cells, kale)}


def plain_notebook(w: Workload) -> dict[str, str]:
    """The notebook as a person runs it: every cell top to bottom in one kernel."""
    sources = ([w.imports] if w.imports else []) + [c for s in w.steps for c in s.cells]
    return {f"{w.name}.ipynb": _notebook([_cell(c) for c in sources])}


def _loads(s: Step, path_of) -> list[str]:
    lines = ["import pickle"]
    for up in dict.fromkeys(s.reads.values()):
        lines += [f"with open({path_of(up)}, 'rb') as _f:", "    _up = pickle.load(_f)"]
        lines += [f"{v} = _up[{v!r}]" for v, u in s.reads.items() if u == up]
    return lines


def _dump(s: Step, out_path: str) -> list[str]:
    values = ", ".join(f"{v!r}: {v}" for v in s.writes)
    return [f"with open({out_path}, 'wb') as _f:", f"    pickle.dump({{{values}}}, _f)"]


def step_program(w: Workload, s: Step) -> list[str]:
    """One step on its own: read inputs from pickle files, imports, the cells, write outputs."""
    head = "\n".join(_loads(s, lambda up: repr(f"{up}.pkl")))
    parts = [head] + ([w.imports] if w.imports else []) + s.cells
    return parts + ["\n".join(_dump(s, repr(f"{s.name}.pkl")))]


def baseline(w: Workload) -> dict[str, str]:
    """The whole notebook as one script, and each step as a script (one process each)."""
    files = {"all.py": "\n".join(plain_sources(w)) + "\n"}
    for s in w.steps:
        files[f"{s.name}.py"] = "\n".join(step_program(w, s)) + "\n"
    return files


def plain_sources(w: Workload) -> list[str]:
    return ([w.imports] if w.imports else []) + [c for s in w.steps for c in s.cells]


def _node_id(w: Workload, step: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cellpipe-bench/{w.name}/{step}"))


def _port(node_links: list[dict] | None, pid: str) -> dict:
    port = {"id": pid, "app_data": {"ui_data": {"cardinality": {"min": 0, "max": -1}}}}
    if node_links:
        port["links"] = node_links
    return port


def elyra(w: Workload, pipeline_version: int) -> dict[str, str]:
    """A generic Elyra pipeline, one notebook node per step, run by the local runtime."""
    files, nodes = {}, []
    for s in w.steps:
        files[f"{s.name}.ipynb"] = _notebook([_cell(c) for c in step_program(w, s)])
        links = [
            {
                "id": f"{_node_id(w, u)}-{s.name}",
                "node_id_ref": _node_id(w, u),
                "port_id_ref": "outPort",
            }
            for u in s.upstream
        ]
        params = {
            "filename": f"{s.name}.ipynb",
            "outputs": [f"{s.name}.pkl"],
            "env_vars": [],
            # Upstream outputs are no `dependencies` (files that must exist before the run):
            # the local runtime runs every node in this folder, so they are simply there.
            "dependencies": [],
            "include_subdirectories": False,
            "runtime_image": "python:3.11-slim",
        }
        nodes.append(
            {
                "id": _node_id(w, s.name),
                "type": "execution_node",
                "op": "execute-notebook-node",
                "app_data": {
                    "label": s.name,
                    "component_parameters": params,
                    "ui_data": {"label": s.name},
                },
                "inputs": [_port(links, "inPort")],
                "outputs": [_port(None, "outPort")],
            }
        )
    pipeline = {
        "doc_type": "pipeline", "version": "3.0",
        "json_schema": "http://api.dataplatform.ibm.com/schemas/common-pipeline/"
        "pipeline-flow/pipeline-flow-v3-schema.json",
        "id": f"cellpipe-bench-{w.name}", "primary_pipeline": "primary",
        "pipelines": [{
            "id": "primary", "nodes": nodes, "runtime_ref": "",
            "app_data": {"version": pipeline_version, "ui_data": {"comments": []},
                         "properties": {"name": w.name, "runtime": "Generic"}},
        }],
        "schemas": [],
    }  # fmt: skip
    files[f"{w.name}.pipeline"] = json.dumps(pipeline, indent=1) + "\n"
    return files


def kfp(w: Workload) -> dict[str, str]:
    """A kfp v2 pipeline: one lightweight @dsl.component per step, artifacts between them."""
    out = [
        "import sys",
        "from kfp import dsl, local",
        "from kfp.dsl import Artifact, Input, Output",
        "",
    ]
    for s in w.steps:
        args = [f"in_{u}: Input[Artifact]" for u in dict.fromkeys(s.reads.values())]
        body = _loads(s, lambda up: f"in_{up}.path")
        body += ([w.imports] if w.imports else []) + s.cells + _dump(s, "out.path")
        out += [
            "",
            "@dsl.component",
            f"def {s.name}({', '.join([*args, 'out: Output[Artifact]'])}):",
        ]
        out += [textwrap.indent("\n".join(body), "    "), ""]
    out += ["", f"@dsl.pipeline(name={w.name!r})", "def pipeline():"]
    for s in w.steps:
        kw = ", ".join(f"in_{u}=t_{u}.outputs['out']" for u in dict.fromkeys(s.reads.values()))
        out.append(f"    t_{s.name} = {s.name}({kw})")
        out += [f"    t_{s.name}.after(t_{a})" for a in s.after if a not in s.reads.values()]
    out += [
        "",
        "",
        "if __name__ == '__main__':",
        "    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=sys.argv[1])",
        "    pipeline()",
    ]
    return {"pipeline.py": "\n".join(out) + "\n"}
