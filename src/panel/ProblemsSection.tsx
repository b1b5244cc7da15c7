import * as React from 'react';

import type { IProblem } from '../tokens';
import { problemPlace } from './problems';

export interface IProblemsProps {
  problems: readonly IProblem[];
  /** Selects the problem's cell (or step) in the notebook. */
  onSelect: (problem: IProblem) => void;
}

/** What the server says is wrong; a click goes to the cell. */
export function ProblemsSection(props: IProblemsProps): JSX.Element {
  if (props.problems.length === 0) {
    return <p className="jp-cellpipe-Muted">No problems.</p>;
  }
  return (
    <ul className="jp-cellpipe-Problems">
      {props.problems.map((problem, i) => {
        const place = problemPlace(problem);
        return (
          <li key={i}>
            <button
              className="jp-cellpipe-Problem"
              data-severity={problem.severity}
              data-kind={problem.kind}
              onClick={() => props.onSelect(problem)}
            >
              <span className="jp-cellpipe-Problem-severity">
                {problem.severity}
              </span>
              <span className="jp-cellpipe-Problem-message">
                {problem.message}
              </span>
              {place ? (
                <span className="jp-cellpipe-Problem-place">{place}</span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
