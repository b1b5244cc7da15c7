import type { IStepError } from '../contract/wire.js';
import type { IStepOutcome } from './Executor.js';
import type { StepEvent } from './stepEvents.js';

/** The outcomes every executor reports the same way. */
export function cancelled(reason: string): IStepOutcome {
  return {
    status: 'cancelled',
    exitCode: null,
    signal: null,
    reason,
    error: null
  };
}

export function failed(message: string, kind: string): IStepOutcome {
  return {
    status: 'failed',
    exitCode: null,
    signal: null,
    reason: message,
    error: { kind, message }
  };
}

/** The harness's `error` event as the step's error (cell, line, traceback). */
export function harnessError(
  e: Extract<StepEvent, { event: 'error' }>
): IStepError {
  return {
    kind: e.kind,
    message: e.message,
    ...(e.cell_id !== undefined && { cellId: e.cell_id }),
    ...(e.index !== undefined && { cellIndex: e.index }),
    ...(e.line !== undefined && e.line !== null && { line: e.line }),
    ...(e.ename !== undefined && { ename: e.ename }),
    ...(e.evalue !== undefined && { evalue: e.evalue }),
    ...(e.traceback !== undefined && { traceback: e.traceback })
  };
}
