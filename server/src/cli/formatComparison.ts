import { createTwoFilesPatch } from 'diff';

import type { IRunComparison, IStepComparison } from '../contract/wire.js';
import { seconds } from './renderProgress.js';

/**
 * `cellpipe runs compare` as text: one column per run, a row per title,
 * status, parameter, metric and step; `*` starts the rows that differ. Then
 * the code of each changed step as a unified diff, each later run against
 * the first run that has the step (as the compare tab shows it).
 */
export function formatComparison(c: IRunComparison): string {
  const rows: Array<[boolean, string, string[]]> = [
    [false, 'run', c.runs.map(r => r.id)],
    [false, 'title', c.runs.map(r => r.title)],
    [
      c.runs.some(r => r.status !== c.runs[0].status),
      'status',
      c.runs.map(r => r.status)
    ]
  ];
  const section = (name: string) => rows.push([false, `${name}:`, []]);
  if (c.parameters.length > 0) {
    section('parameters');
    for (const p of c.parameters) {
      rows.push([p.differs, p.name, p.values.map(v => JSON.stringify(v))]);
    }
  }
  if (c.metrics.length > 0) {
    section('metrics');
    for (const m of c.metrics) {
      rows.push([
        m.differs,
        `${m.step}.${m.name}`,
        m.values.map(v => (v === null ? '-' : String(v)))
      ]);
    }
  }
  section('steps');
  for (const s of c.steps) {
    const cells = s.status.map((status, i) => {
      const took = s.durationMs[i];
      return status === null
        ? '-'
        : took !== null
          ? `${status} ${seconds(took)}`
          : status;
    });
    rows.push([
      s.differs,
      s.codeChanged ? `${s.name} (code changed)` : s.name,
      cells
    ]);
  }
  const diffs = c.steps
    .filter(s => s.codeChanged)
    .flatMap(s =>
      codeDiffs(
        s,
        c.runs.map(r => r.id)
      )
    );
  return [table(rows), ...diffs].join('\n\n');
}

function codeDiffs(s: IStepComparison, ids: string[]): string[] {
  const base = s.code.findIndex(code => code !== null);
  return s.code.flatMap((code, i) =>
    i <= base || code === null || code === s.code[base]
      ? []
      : [
          createTwoFilesPatch(
            `${s.name} @ ${ids[base]}`,
            `${s.name} @ ${ids[i]}`,
            `${s.code[base]}\n`,
            `${code}\n`,
            undefined,
            undefined,
            { context: 3 }
          )
            .replace(/^=+\n/, '')
            .trimEnd()
        ]
  );
}

function table(rows: Array<[boolean, string, string[]]>): string {
  const first = Math.max(...rows.map(([, label]) => label.length));
  const widths = rows[0][2].map((_, i) =>
    Math.max(...rows.map(([, , cells]) => (cells[i] ?? '').length))
  );
  return rows
    .map(([differs, label, cells]) =>
      [
        `${differs ? '*' : ' '} ${label.padEnd(first)}`,
        ...cells.map((cell, i) => cell.padEnd(widths[i]))
      ]
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}
