import * as React from 'react';

import type { ConnectionState, SocketState } from '../tokens';

export interface IConnectionStatusProps {
  state: ConnectionState;
  socket: SocketState;
  onRetry: () => void;
  /** Folds the facts away (the pipeline below needs the room); the headline stays. */
  compact?: boolean;
}

const HEADLINE: Record<ConnectionState['status'], string> = {
  connecting: 'Connecting to the Cellpipe server…',
  connected: 'Connected to the Cellpipe server',
  incompatible: 'Server version does not match',
  unreachable: 'Cellpipe server unavailable'
};

const SOCKET_TEXT: Record<SocketState, string> = {
  connecting: 'live updates: connecting…',
  open: 'live updates: on',
  reconnecting: 'live updates: reconnecting…',
  stopped: 'live updates: off'
};

/** The server connection as a coloured status line plus what to do about it. */
export function ConnectionStatus(props: IConnectionStatusProps): JSX.Element {
  const { state, socket, onRetry, compact = false } = props;
  const headline = (
    <>
      <span className="jp-cellpipe-Connection-dot" aria-hidden="true" />
      <span>{HEADLINE[state.status]}</span>
    </>
  );
  const facts = <ConnectionFacts state={state} socket={socket} />;
  return (
    <section
      className={`jp-cellpipe-Connection jp-cellpipe-Connection-${state.status}`}
      aria-live="polite"
      data-status={state.status}
      data-compact={compact}
    >
      {compact ? (
        <details>
          <summary className="jp-cellpipe-Connection-headline">
            {headline}
          </summary>
          {facts}
        </details>
      ) : (
        <>
          <div className="jp-cellpipe-Connection-headline">{headline}</div>
          {facts}
        </>
      )}
      {state.status === 'incompatible' || state.status === 'unreachable' ? (
        <p className="jp-cellpipe-Connection-message">{state.message}</p>
      ) : null}
      {state.status !== 'connected' && state.status !== 'connecting' ? (
        <button className="jp-mod-styled jp-mod-accept" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </section>
  );
}

function ConnectionFacts(props: {
  state: ConnectionState;
  socket: SocketState;
}): JSX.Element | null {
  const { state, socket } = props;
  if (state.status !== 'connected' && state.status !== 'incompatible') {
    return null;
  }
  return (
    <dl className="jp-cellpipe-Connection-facts">
      <dt>Server</dt>
      <dd data-testid="cellpipe-server-version">
        Cellpipe {state.info.version} (API v{state.info.apiVersion})
      </dd>
      <dt>Reached through</dt>
      <dd>{state.server}</dd>
      <dt>Runs on</dt>
      <dd
        data-testid="cellpipe-server-runtime"
        title={state.info.runtime?.entry}
      >
        {state.info.runtime
          ? `Node.js ${state.info.runtime.node}, from ${state.info.runtime.serverDir}`
          : 'not reported by this server'}
      </dd>
      <dt>Executors</dt>
      <dd>
        <ul className="jp-cellpipe-Connection-executors">
          {state.info.executors.map(executor => (
            <li key={executor.name} data-available={executor.available}>
              {executor.name}
              {executor.name === state.info.defaultTarget ? ' (default)' : ''}
              {executor.available
                ? ''
                : ` — ${executor.reason ?? 'unavailable'}`}
            </li>
          ))}
        </ul>
      </dd>
      <dt>Events</dt>
      <dd data-socket={socket}>{SOCKET_TEXT[socket]}</dd>
    </dl>
  );
}
