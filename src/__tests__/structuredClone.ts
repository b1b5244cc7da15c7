/**
 * jest's jsdom environment hides Node's `structuredClone`, which dagre uses
 * on plain layout data (browsers have it). Import this first in tests that
 * lay out graphs.
 */
if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value)) as T;
}

export {};
