import { RANDOM_STATE } from '../compiler/randomState.js';
import type { ICellRef, ICompileResult, IProblem } from '../contract/wire.js';

/** Cell numbers as a person reads them in JupyterLab (1-based, ranges joined). */
export function cellRanges(cells: readonly ICellRef[]): string {
  const numbers = cells.map(c => c.index + 1);
  const parts: string[] = [];
  let start = numbers[0];
  for (let i = 1; i <= numbers.length; i++) {
    if (numbers[i] !== numbers[i - 1] + 1) {
      const end = numbers[i - 1];
      parts.push(start === end ? `${start}` : `${start}-${end}`);
      start = numbers[i];
    }
  }
  return parts.length === 0
    ? 'none'
    : `${numbers.length > 1 ? 'cells' : 'cell'} ${parts.join(', ')}`;
}

function table(rows: string[][], indent = '  '): string[] {
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map(r => r[i]?.length ?? 0))) ?? [];
  return rows.map(
    r =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd()
  );
}

function problemLine(p: IProblem): string {
  const where = [
    p.step && `step ${p.step}`,
    p.cellIndex !== undefined && `cell ${p.cellIndex + 1}`,
    p.line !== undefined && `line ${p.line}`
  ]
    .filter(Boolean)
    .join(', ');
  return `  ${p.severity === 'error' ? 'error  ' : 'warning'}  ${p.message}${where ? `  [${where}]` : ''}`;
}

/** The compile result for a terminal: what runs, in which order, with what. */
export function formatPipeline(result: ICompileResult): string {
  const lines: string[] = [];
  const count = (n: number, word: string) =>
    `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `Pipeline "${result.name}": ${count(result.steps.length, 'step')}, ${count(result.parameters.length, 'parameter')}, ${count(result.metrics.length, 'metric')}`
  );
  if (result.prelude.length > 0) {
    lines.push(
      '',
      `Prelude (run first in every step): ${cellRanges(result.prelude)}`
    );
  }
  if (result.parameters.length > 0) {
    lines.push('', 'Parameters');
    lines.push(
      ...table(
        result.parameters.map(p => [
          p.name,
          p.type,
          JSON.stringify(p.value) +
            (JSON.stringify(p.value) === JSON.stringify(p.default)
              ? ''
              : ` (default ${JSON.stringify(p.default)})`)
        ])
      )
    );
  }
  const byName = new Map(result.steps.map(s => [s.name, s]));
  const ordered = result.order
    .map(n => byName.get(n))
    .filter(s => s !== undefined);
  if (ordered.length > 0) {
    lines.push('', 'Steps (in run order)');
    lines.push(
      ...table(
        ordered.map(s => [
          s.name,
          cellRanges(s.cells),
          s.inputs.length ? `in: ${s.inputs.join(', ')}` : '',
          [
            s.outputs.length ? `out: ${s.outputs.join(', ')}` : '',
            s.metrics.length ? `metrics: ${s.metrics.join(', ')}` : ''
          ]
            .filter(Boolean)
            .join('  ')
        ])
      )
    );
  }
  if (result.edges.length > 0) {
    lines.push('', 'Edges');
    lines.push(
      ...result.edges.map(
        e =>
          `  ${e.from} → ${e.to}${e.variables.length ? ` (${e.variables.map(v => variableWord(v, e.changed)).join(', ')})` : ''}${e.explicit ? ' [explicit]' : ''}`
      )
    );
  }
  if (result.problems.length > 0) {
    lines.push('', 'Problems');
    lines.push(...result.problems.map(problemLine));
  }
  lines.push(
    '',
    result.ok
      ? 'OK: the pipeline can run.'
      : 'The pipeline cannot run until the errors above are fixed.'
  );
  return lines.join('\n') + '\n';
}

/** `model changed` for a change in place; the carried random generators as `random state`. */
function variableWord(name: string, changed: readonly string[] = []): string {
  if (name === RANDOM_STATE) {
    return 'random state';
  }
  return changed.includes(name) ? `${name} changed` : name;
}
