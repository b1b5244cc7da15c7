import * as React from 'react';

import type { IStepComparison } from '../tokens';
import { stepCodeDiffs, type IDiffLine } from './codeDiff';
import { runSlot } from './compareChart';

const SIGN: Record<IDiffLine['kind'], string> = {
  same: ' ',
  added: '+',
  removed: '−'
};

const KIND_LABEL: Record<IDiffLine['kind'], string> = {
  same: 'unchanged',
  added: 'added',
  removed: 'removed'
};

/** A changed step's code: each later run's lines against the first run's. */
export function CompareCode(props: {
  step: IStepComparison;
  runs: string[];
}): JSX.Element {
  const diffs = stepCodeDiffs(props.step.code);
  return (
    <details className="jp-cellpipe-CompareCode" open>
      <summary>Code of {props.step.name}</summary>
      {diffs.map(({ from, to, diff }) => (
        <div key={to} className="jp-cellpipe-CompareCode-diff">
          <div className="jp-cellpipe-CompareCode-runs">
            <span className="jp-cellpipe-RunSwatch" data-run={runSlot(from)}>
              {props.runs[from]}
            </span>
            {' → '}
            <span className="jp-cellpipe-RunSwatch" data-run={runSlot(to)}>
              {props.runs[to]}
            </span>
            {diff ? (
              <span className="jp-cellpipe-CompareCode-counts">
                {` · +${diff.added} −${diff.removed} lines`}
              </span>
            ) : null}
          </div>
          {diff ? (
            <DiffLines lines={diff.lines} />
          ) : (
            <p className="jp-cellpipe-Muted">(not in this run)</p>
          )}
        </div>
      ))}
    </details>
  );
}

function DiffLines(props: { lines: IDiffLine[] }): JSX.Element {
  return (
    <div className="jp-cellpipe-CodeBox jp-cellpipe-LineDiff" role="table">
      {props.lines.map((line, i) => (
        <div
          key={i}
          className="jp-cellpipe-LineDiff-line"
          data-kind={line.kind}
          role="row"
          aria-label={`${KIND_LABEL[line.kind]}: ${line.text}`}
        >
          <span className="jp-cellpipe-LineDiff-number" role="cell">
            {line.before ?? ''}
          </span>
          <span className="jp-cellpipe-LineDiff-number" role="cell">
            {line.after ?? ''}
          </span>
          <span className="jp-cellpipe-LineDiff-sign" role="cell">
            {SIGN[line.kind]}
          </span>
          <span className="jp-cellpipe-LineDiff-text" role="cell">
            {line.text}
          </span>
        </div>
      ))}
    </div>
  );
}
