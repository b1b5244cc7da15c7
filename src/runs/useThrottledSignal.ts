import type { ISignal } from '@lumino/signaling';
import * as React from 'react';

/**
 * Re-renders at most once every `ms` while `signal` fires (log lines can
 * arrive by the thousand); returns a counter that changes on each render.
 */
export function useThrottledSignal<T>(
  signal: ISignal<T, unknown>,
  ms = 150
): number {
  const [version, setVersion] = React.useState(0);
  React.useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const bump = () => {
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          setVersion(v => v + 1);
        }, ms);
      }
    };
    signal.connect(bump);
    return () => {
      signal.disconnect(bump);
      if (timer !== null) {
        clearTimeout(timer);
      }
    };
  }, [signal, ms]);
  return version;
}
