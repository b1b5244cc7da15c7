import type { ISignal } from '@lumino/signaling';
import * as React from 'react';

/**
 * Re-renders the calling component whenever `signal` emits; returns a
 * counter that changes with every emission (usable as a memo key).
 */
export function useSignal<T>(signal: ISignal<T, unknown> | null): number {
  const [version, setVersion] = React.useState(0);
  React.useEffect(() => {
    if (!signal) {
      return;
    }
    const bump = () => setVersion(v => v + 1);
    signal.connect(bump);
    return () => {
      signal.disconnect(bump);
    };
  }, [signal]);
  return version;
}
