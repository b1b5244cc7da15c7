import { caretDownIcon, caretRightIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

export interface ISectionProps {
  title: string;
  /** Shown beside the title, e.g. a count. */
  badge?: React.ReactNode;
  /** Buttons in the header, right-aligned. */
  actions?: React.ReactNode;
  initiallyOpen?: boolean;
  className?: string;
  children: React.ReactNode;
}

/** A titled, collapsible block of the Pipelines panel. */
export function Section(props: ISectionProps): JSX.Element {
  const [open, setOpen] = React.useState(props.initiallyOpen ?? true);
  const id = React.useId();
  const Caret = open ? caretDownIcon : caretRightIcon;
  return (
    <section
      className={`jp-cellpipe-Section ${props.className ?? ''}`}
      aria-labelledby={`${id}-title`}
    >
      <div className="jp-cellpipe-Section-header">
        <button
          className="jp-cellpipe-Section-toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!open)}
        >
          <Caret.react tag="span" className="jp-cellpipe-Section-caret" />
          <span id={`${id}-title`} className="jp-cellpipe-Section-title">
            {props.title}
          </span>
          {props.badge !== undefined ? (
            <span
              className="jp-cellpipe-Section-badge"
              data-count={
                typeof props.badge === 'number' ? props.badge : undefined
              }
            >
              {props.badge}
            </span>
          ) : null}
        </button>
        {props.actions ? (
          <div className="jp-cellpipe-Section-actions">{props.actions}</div>
        ) : null}
      </div>
      {open ? (
        <div id={`${id}-body`} className="jp-cellpipe-Section-body">
          {props.children}
        </div>
      ) : null}
    </section>
  );
}
