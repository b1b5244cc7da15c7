// What the start-up benches share about a started `cellpipe serve`.
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export const LISTENING =
  /^Cellpipe server listening on http:\/\/[^/]+:(\d+)\/$/;

/** The port a started server prints it listens on; rejects if it exits first. */
export async function listeningPort(child) {
  const lines = createInterface({ input: child.stdout });
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  const exit = once(child, 'exit').then(([code]) => {
    throw new Error(`server exited with ${code} before listening: ${stderr}`);
  });
  const line = (async () => {
    for await (const text of lines) {
      const match = LISTENING.exec(text);
      if (match) return Number(match[1]);
    }
    throw new Error('stdout closed before the listening line');
  })();
  return Promise.race([line, exit]);
}
