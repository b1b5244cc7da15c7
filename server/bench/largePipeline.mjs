// Compile time of very large pipelines (one-cell steps), independent and
// chained, including the Python analysis: it must grow about linearly
// (issue 16: 50,000 steps once blocked the server for about 20 minutes).
import { createCompileService } from '../dist/app.js';
import { resolvePython } from '../dist/pipelines/pythonExecutable.js';

const service = createCompileService(resolvePython());

function notebook(steps, chained) {
  const cells = Array.from({ length: steps }, (_, i) => ({
    cell_type: 'code',
    id: `c${i}`,
    metadata: { cellpipe: { step: `s${i}` } },
    source: chained && i > 0 ? `x${i} = x${i - 1} + 1` : `x${i} = ${i}`,
    outputs: [],
    execution_count: null
  }));
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

for (const chained of [false, true]) {
  for (const steps of [2_000, 8_000, 16_000, 50_000]) {
    const started = performance.now();
    const { result } = await service.compile({
      notebook: notebook(steps, chained)
    });
    const ms = Math.round(performance.now() - started);
    console.log(
      `${chained ? 'chained' : 'independent'} ${steps} steps: ${ms} ms (ok: ${result.ok})`
    );
  }
}
