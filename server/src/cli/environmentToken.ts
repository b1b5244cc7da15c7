const TOKEN_FLAGS = /^--(token|token-file)(=|$)/;

/**
 * `cellpipe serve` with `$CELLPIPE_TOKEN` set: deleting it from
 * `process.env` is not enough, since `/proc/<pid>/environ` keeps the
 * environment a process started with, and a step (a child) can read its
 * parent's. So before anything else the process replaces itself
 * (`process.execve`: same pid, ~40 ms) with one started without the
 * variable, the token handed over as `--token-file` in a new 0600 file the
 * server reads and deletes. Without `execve` (not Linux/macOS) it carries on
 * and `serve` only removes the variable from `process.env`.
 *
 * `argv` as in `process.argv`; returns only when there was nothing to do.
 */
export function dropEnvironmentToken(argv: string[]): void {
  const token = process.env.CELLPIPE_TOKEN;
  if (
    token === undefined ||
    argv[2] !== 'serve' ||
    typeof process.execve !== 'function'
  ) {
    return;
  }
  // Loaded here, not imported: every command runs this module first, and
  // node:crypto alone is ~10 ms of start-up that only this path needs.
  const { randomUUID } = process.getBuiltinModule('node:crypto');
  const { rmSync, writeFileSync } = process.getBuiltinModule('node:fs');
  const { tmpdir } = process.getBuiltinModule('node:os');
  const path = process.getBuiltinModule('node:path');
  const env = { ...process.env };
  delete env.CELLPIPE_TOKEN;
  // --token and --token-file win over the variable: then it is only dropped.
  const handOver =
    token !== '' && !argv.slice(3).some(a => TOKEN_FLAGS.test(a));
  const file = path.join(tmpdir(), `cellpipe-token-${randomUUID()}`);
  if (handOver) {
    writeFileSync(file, token, { mode: 0o600, flag: 'wx' });
  }
  try {
    process.execve(
      process.execPath,
      [
        process.execPath,
        ...process.execArgv,
        ...argv.slice(1),
        ...(handOver ? ['--token-file', file] : [])
      ],
      env
    );
  } catch {
    // execve refused (a seccomp policy, say): the old way, and no file left.
    rmSync(file, { force: true });
  }
}
