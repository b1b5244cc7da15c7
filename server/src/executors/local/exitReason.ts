import type { IStepError } from '../../contract/wire.js';

/** Signal names a person can understand. */
const SIGNALS: Record<string, string> = {
  SIGSEGV: 'a segmentation fault (a crash in native code)',
  SIGABRT: 'an abort (a crash in native code)',
  SIGBUS: 'a bus error (a crash in native code)',
  SIGFPE: 'a floating-point exception',
  SIGILL: 'an illegal instruction',
  SIGTERM: 'SIGTERM (something asked it to stop)',
  SIGINT: 'SIGINT (interrupted)',
  SIGHUP: 'SIGHUP'
};

/**
 * Explains a process exit that the harness did not explain itself. A
 * SIGKILL we did not send is almost always the kernel's OOM killer.
 */
export function describeExit(
  code: number | null,
  signal: string | null
): IStepError {
  if (signal === 'SIGKILL') {
    return {
      kind: 'oom',
      message:
        "killed by SIGKILL: most likely the kernel's out-of-memory killer (the step needed more memory than the machine could give)"
    };
  }
  if (signal) {
    return {
      kind: 'killed',
      message: `killed by ${SIGNALS[signal] ?? signal}`
    };
  }
  if (code === 0) {
    return {
      kind: 'exit',
      message:
        'the step exited before finishing (os._exit or a crash in the harness)'
    };
  }
  if (code === 137) {
    return {
      kind: 'oom',
      message: 'exited with code 137 (killed): most likely out of memory'
    };
  }
  return { kind: 'exit', message: `exited with code ${code ?? 'unknown'}` };
}
