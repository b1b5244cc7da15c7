import { Handle, NodeProps, Position } from '@xyflow/react';
import * as React from 'react';

import { elapsedMs, formatDuration } from '../ui/format';
import { STATUS_LABEL } from '../ui/statusText';
import { useNow } from '../ui/useNow';
import type { StepNode } from './buildGraph';

/**
 * One step in the graph: name, status colour, duration, number of cells
 * and a badge with the number of problems. The colour comes from CSS by
 * `data-status`, the same palette the notebook cells use.
 */
export function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const running = data.status === 'running';
  const now = useNow(running);
  const duration = running
    ? elapsedMs(
        { startedAt: data.startedAt, finishedAt: null, durationMs: null },
        now
      )
    : data.durationMs;
  const errors = data.problems.filter(p => p.severity === 'error').length;
  const facts = [
    data.status ? STATUS_LABEL[data.status] : null,
    duration !== null && data.status !== 'cached'
      ? formatDuration(duration)
      : null,
    `${data.cellCount} ${data.cellCount === 1 ? 'cell' : 'cells'}`
  ].filter(Boolean);
  return (
    <div
      className="jp-cellpipe-StepNode"
      data-status={data.status ?? 'none'}
      data-selected={selected ? 'true' : 'false'}
      title={tooltip(data.name, data.reason, data.problems)}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="jp-cellpipe-StepNode-title">
        <span className="jp-cellpipe-StepNode-dot" aria-hidden="true" />
        <span className="jp-cellpipe-StepNode-name">{data.name}</span>
        {data.problems.length > 0 ? (
          <span
            className="jp-cellpipe-StepNode-problems"
            data-severity={errors > 0 ? 'error' : 'warning'}
            aria-label={`${data.problems.length} problems`}
          >
            {data.problems.length}
          </span>
        ) : null}
      </div>
      <div className="jp-cellpipe-StepNode-facts">{facts.join(' · ')}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

function tooltip(
  name: string,
  reason: string | null,
  problems: readonly { message: string }[]
): string {
  return [name, reason, ...problems.map(p => `⚠ ${p.message}`)]
    .filter(Boolean)
    .join('\n');
}
