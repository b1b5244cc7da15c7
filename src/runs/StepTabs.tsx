import * as React from 'react';

import type { IStepRecord } from '../tokens';
import { nextIndex } from './stepChoice';

export interface IStepTabsProps {
  steps: readonly IStepRecord[];
  selected: string | null;
  onSelect: (step: string) => void;
  /** Id prefix linking each tab to its panel (`<prefix>-panel`). */
  idPrefix: string;
}

/** One tab per step, with its status colour; arrow keys, Home and End move between them. */
export function StepTabs(props: IStepTabsProps): JSX.Element {
  const { steps, selected, onSelect, idPrefix } = props;
  const refs = React.useRef(new Map<string, HTMLButtonElement>());
  const move = (from: number, key: string) => {
    const target = nextIndex(from, key, steps.length);
    if (target === null) {
      return false;
    }
    const name = steps[target].name;
    onSelect(name);
    refs.current.get(name)?.focus();
    return true;
  };
  return (
    <div className="jp-cellpipe-StepTabs" role="tablist" aria-label="Steps">
      {steps.map((step, i) => (
        <button
          key={step.name}
          ref={el => {
            if (el) {
              refs.current.set(step.name, el);
            } else {
              refs.current.delete(step.name);
            }
          }}
          role="tab"
          id={`${idPrefix}-tab-${step.name}`}
          aria-selected={step.name === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={step.name === selected ? 0 : -1}
          className="jp-cellpipe-StepTab"
          data-status={step.status}
          onClick={() => onSelect(step.name)}
          onKeyDown={e => {
            if (move(i, e.key)) {
              e.preventDefault();
            }
          }}
        >
          <span className="jp-cellpipe-StatusDot" aria-hidden="true" />
          {step.name}
        </button>
      ))}
    </div>
  );
}
