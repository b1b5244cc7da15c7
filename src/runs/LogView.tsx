import * as React from 'react';

import { MAX_LINES_PER_STEP } from '../pipelines/logWindow';
import type { ILogLine } from '../tokens';
import { AnsiHtml } from './ansiHtml';
import { ILogMatch, searchLines } from './logSearch';

export interface ILogViewProps {
  step: string;
  lines: readonly ILogLine[];
  /** Changes whenever lines were added (the array itself is appended to). */
  version: number;
  ansi: AnsiHtml;
}

/**
 * The log of one step: ANSI colours, a search box that keeps only the
 * matching lines (matches highlighted), and follow mode, which keeps the
 * newest line in view until the reader scrolls up.
 */
export function LogView(props: ILogViewProps): JSX.Element {
  const { lines, version } = props;
  const [query, setQuery] = React.useState('');
  const matches = React.useMemo(
    () => (query ? searchLines(lines, query) : null),
    // `lines` is appended to in place; `version` says when.
    [lines, version, query]
  );
  const follow = useFollow([version, matches, props.step]);
  const truncated = lines.length >= MAX_LINES_PER_STEP && lines[0]?.seq > 1;
  return (
    <div className="jp-cellpipe-LogView">
      <div className="jp-cellpipe-LogView-toolbar">
        <input
          type="search"
          className="jp-mod-styled jp-cellpipe-LogView-search"
          placeholder="Search the log"
          aria-label={`Search the log of ${props.step}`}
          value={query}
          onChange={e => setQuery(e.target.value)}
        />
        <span className="jp-cellpipe-LogView-count" aria-live="polite">
          {matches
            ? `${matches.length} of ${countLines(lines.length)}`
            : countLines(lines.length)}
        </span>
        <button
          className="jp-mod-styled jp-cellpipe-LogView-follow"
          aria-pressed={follow.on}
          onClick={() => follow.set(!follow.on)}
          title="Keep the newest line in view"
        >
          {follow.on ? 'Following' : 'Follow'}
        </button>
      </div>
      {truncated ? (
        <p className="jp-cellpipe-LogView-note">
          Showing the last {MAX_LINES_PER_STEP} lines.
        </p>
      ) : null}
      <div
        ref={follow.box}
        className="jp-cellpipe-CodeBox jp-cellpipe-LogView-lines jp-RenderedText"
        tabIndex={0}
        role="log"
        aria-label={`Log of ${props.step}`}
        onScroll={follow.onScroll}
      >
        <pre>
          {matches
            ? matches.map(m => <MatchLine key={m.line.seq} match={m} />)
            : lines.map(line => (
                <LogLine key={line.seq} line={line} ansi={props.ansi} />
              ))}
        </pre>
        {lines.length === 0 ? (
          <p className="jp-cellpipe-Muted">No output.</p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Follow mode: while on, the box scrolls to its end whenever `deps`
 * change; scrolling up by hand turns it off.
 */
function useFollow(deps: unknown[]) {
  const [on, set] = React.useState(true);
  const box = React.useRef<HTMLDivElement>(null);
  React.useLayoutEffect(() => {
    if (on && box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [on, ...deps]);
  const onScroll = () => {
    const el = box.current;
    if (el && on && el.scrollHeight - el.scrollTop - el.clientHeight > 24) {
      set(false);
    }
  };
  return { on, set, box, onScroll };
}

function countLines(n: number): string {
  return `${n} ${n === 1 ? 'line' : 'lines'}`;
}

function LogLineView(props: { line: ILogLine; ansi: AnsiHtml }) {
  return (
    <div
      className="jp-cellpipe-LogLine"
      data-stream={props.line.stream}
      dangerouslySetInnerHTML={{ __html: props.ansi.html(props.line) }}
    />
  );
}

/** Lines never change once written: each is drawn once. */
const LogLine = React.memo(LogLineView);

function MatchLine({ match }: { match: ILogMatch }) {
  return (
    <div className="jp-cellpipe-LogLine" data-stream={match.line.stream}>
      {match.segments.map((s, i) =>
        s.hit ? (
          <mark key={i} className="jp-cellpipe-LogLine-hit">
            {s.text}
          </mark>
        ) : (
          <React.Fragment key={i}>{s.text}</React.Fragment>
        )
      )}
    </div>
  );
}
