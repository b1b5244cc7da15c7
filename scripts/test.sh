#!/usr/bin/env bash
# Installs what is needed (idempotent) and runs every check and test of Cellpipe:
# lint and type checks, the frontend's jest tests, the server's tests, the proxy
# tests against a real Jupyter server, the Galata tests in Debian's Chromium, and
# the wheel installed into a fresh environment.
# Every stage runs even when an earlier one fails; the exit code says if any did.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --test || exit 1
export PATH="$ROOT/.venv/bin:$PATH"

LOGS="$ROOT/.state/test-logs"
rm -rf "$LOGS" && mkdir -p "$LOGS"
declare -a FAILED=()
PASSED_TESTS=0
FAILED_TESTS=0

stage() { # stage NAME COMMAND...: runs it, shows its output, keeps a log
  local name="$1"; shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local started=$SECONDS
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then
    printf '\033[32m--- %s passed (%ss)\033[0m\n' "$name" $((SECONDS - started))
  else
    printf '\033[31m--- %s FAILED (%ss)\033[0m\n' "$name" $((SECONDS - started))
    FAILED+=("$name")
  fi
}

count() { # count LOG PASS_REGEX FAIL_REGEX: adds the runner's own totals
  local p f
  p="$(grep -aoE "$2" "$LOGS/$1.log" | grep -oE '[0-9]+' | tail -1)"
  f="$(grep -aoE "$3" "$LOGS/$1.log" | grep -oE '[0-9]+' | tail -1)"
  PASSED_TESTS=$((PASSED_TESTS + ${p:-0}))
  FAILED_TESTS=$((FAILED_TESTS + ${f:-0}))
}

stage lint-frontend npm run --silent lint:check
stage lint-server bash -c 'cd server && npm run --silent lint'
stage lint-python bash -c 'ruff check server/runtime cellpipe && ruff format --check server/runtime cellpipe'
stage typecheck npm run --silent typecheck
stage jest npx jest
# The Kubernetes tests need the real control plane (server/test/cluster/): built
# once per version into ~/.cache/cellpipe/k8s (about 20 min cold), started here,
# stopped on exit by its PID files. Without it those tests fail, not skip.
export CELLPIPE_TEST_CLUSTER=required
trap '"$ROOT/server/test/cluster/down.sh" >/dev/null 2>&1; "$ROOT/server/test/s3/down.sh" >/dev/null 2>&1' EXIT
printf '\n\033[1m==> cluster\033[0m\n'
if KUBECONFIG_PATH="$("$ROOT/server/test/cluster/up.sh" 2> >(tee "$LOGS/cluster.log" >&2) | tail -1)" &&
  [ -f "$KUBECONFIG_PATH" ]; then
  export CELLPIPE_TEST_KUBECONFIG="$KUBECONFIG_PATH"
  printf '\033[32m--- cluster up: %s\033[0m\n' "$KUBECONFIG_PATH"
else
  printf '\033[31m--- cluster FAILED to start (see %s)\033[0m\n' "$LOGS/cluster.log"
  FAILED+=("cluster")
fi
# The bucket tests need a real S3-compatible server (server/test/s3/: versitygw,
# built once per version into ~/.cache/cellpipe/versitygw); stopped by its PID file.
export CELLPIPE_TEST_S3=required
printf '\n\033[1m==> s3\033[0m\n'
if S3_VARS="$("$ROOT/server/test/s3/up.sh" 2> >(tee "$LOGS/s3.log" >&2))"; then
  eval "$S3_VARS"
else
  printf '\033[31m--- s3 server FAILED to start (see %s)\033[0m\n' "$LOGS/s3.log"
  FAILED+=("s3")
fi
stage server bash -c 'cd server && npm test'
"$ROOT/server/test/s3/down.sh" >/dev/null 2>&1
stage python python -m pytest -q
stage galata bash -c 'cd ui-tests && npx playwright test'
"$ROOT/server/test/cluster/down.sh" >/dev/null 2>&1
# The wheel installed into a fresh environment, as a user gets it (port 8897).
stage wheel env CELLPIPE_UI_PORT=8897 "$ROOT/scripts/test-wheel.sh"

count jest 'Tests: +([0-9]+ failed, )?[0-9]+ passed' 'Tests: +[0-9]+ failed'
count server '^(# |ℹ )pass [0-9]+' '^(# |ℹ )fail [0-9]+'
count python '[0-9]+ passed' '[0-9]+ failed'
count galata '^ +[0-9]+ passed' '^ +[0-9]+ failed'
count wheel '^wheel: [0-9]+ passed' '^wheel: [0-9]+ passed, [0-9]+ failed'

echo
echo "Screenshots: ui-tests/test-results/screenshots/  Logs: .state/test-logs/"
if ((${#FAILED[@]})); then
  echo "Failed stages: ${FAILED[*]}"
fi
echo "all: $PASSED_TESTS passed, $FAILED_TESTS failed"
((${#FAILED[@]} == 0))
