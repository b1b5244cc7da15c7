import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import {
  AnalysisOutputSchema,
  type CellAnalysis
} from '../compiler/analysis.js';

export const ANALYZE_SCRIPT = fileURLToPath(
  new URL('../../runtime/analyze.py', import.meta.url)
);

export type AnalysisOutcome =
  | { ok: true; cells: Map<string, CellAnalysis> }
  | { ok: false; message: string };

export interface IAnalyzer {
  analyze(
    cells: ReadonlyArray<{ id: string; source: string }>,
    signal?: AbortSignal
  ): Promise<AnalysisOutcome>;
}

export interface IPythonAnalyzerOptions {
  /** The interpreter (or its pending resolution); only its stdlib is used. */
  python: string | Promise<string>;
  script?: string;
  timeoutMs?: number;
}

/**
 * Runs `runtime/analyze.py` once per compile, in a fresh `python -S -E`
 * (no site, no environment: ~12 ms to start, nothing of the user's
 * environment can change the result). Failures are data, not exceptions.
 */
export class PythonAnalyzer implements IAnalyzer {
  constructor(private readonly options: IPythonAnalyzerOptions) {}

  async analyze(
    cells: ReadonlyArray<{ id: string; source: string }>,
    signal?: AbortSignal
  ): Promise<AnalysisOutcome> {
    const { script = ANALYZE_SCRIPT, timeoutMs = 30_000 } = this.options;
    const python = await this.options.python;
    return new Promise(resolve => {
      const child = spawn(python, ['-S', '-E', script], {
        stdio: ['pipe', 'pipe', 'pipe'],
        signal,
        timeout: timeoutMs
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', e =>
        resolve({ ok: false, message: spawnFailure(python, e) })
      );
      child.on('close', (code, sig) => {
        if (code !== 0) {
          const why = sig ? `was stopped (${sig})` : `exited with ${code}`;
          resolve({
            ok: false,
            message: `the Python analysis ${why}: ${Buffer.concat(err).toString().trim().slice(-500)}`
          });
          return;
        }
        resolve(parseOutput(Buffer.concat(out).toString()));
      });
      child.stdin.on('error', () => undefined); // the close handler reports the failure
      child.stdin.end(
        JSON.stringify({
          cells: cells.map(c => ({ id: c.id, source: c.source }))
        })
      );
    });
  }
}

function spawnFailure(python: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') {
    return `Python was not found at "${python}": install Python 3 or set CELLPIPE_PYTHON`;
  }
  if (e.name === 'AbortError') {
    return 'the analysis was cancelled';
  }
  return `the Python analysis could not start: ${e.message}`;
}

function parseOutput(text: string): AnalysisOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      message: 'the Python analysis printed something that is not JSON'
    };
  }
  const parsed = AnalysisOutputSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      message: `the Python analysis answered in an unexpected shape: ${parsed.error.issues[0].message}`
    };
  }
  return { ok: true, cells: new Map(parsed.data.cells.map(c => [c.id, c])) };
}
