import { pino, type Logger } from 'pino';

/**
 * A JSON logger on stderr: stdout is reserved for the CLI's "listening" line,
 * which the tests and launchers read. Synchronous writes: logs are few, and
 * they must keep their order and survive process.exit() on SIGTERM.
 */
export function createStderrLogger(level = 'info'): Logger {
  return pino(
    { name: 'cellpipe', level },
    pino.destination({ dest: 2, sync: true })
  );
}
