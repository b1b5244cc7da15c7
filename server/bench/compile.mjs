// Compile time of a large notebook: 300 code cells in 30 steps, with the
// Python analysis (one `python -S` per compile) included, as a person pays
// it each time the panel recompiles. Target: median under 300 ms.
import { performance } from 'node:perf_hooks';

import { createCompileService } from '../dist/app.js';
import { resolvePython } from '../dist/pipelines/pythonExecutable.js';

const STEPS = 30;
const CELLS_PER_STEP = 10;
const RUNS = 15;

/** Realistic cells: each step reads what the one before made and fits something. */
function bigNotebook() {
  const cells = [
    {
      cell_type: 'code',
      id: 'imports',
      metadata: { tags: ['imports'] },
      source: 'import json\nimport math\nimport numpy as np'
    },
    {
      cell_type: 'code',
      id: 'params',
      metadata: { tags: ['pipeline-parameters'] },
      source: 'lr = 0.1\nepochs = 10\nname = "bench"'
    }
  ];
  for (let s = 0; s < STEPS; s++) {
    for (let c = 0; c < CELLS_PER_STEP; c++) {
      const prev = s === 0 ? 'np.arange(10)' : `v${s - 1}_9`;
      const source = [
        `def helper_${s}_${c}(a, b=lr):`,
        `    return [x * b for x in a if x > epochs]`,
        `v${s}_${c} = helper_${s}_${c}(${c === 0 ? prev : `v${s}_${c - 1}`})`,
        `stats_${s}_${c} = {"mean": float(np.mean(v${s}_${c} or [0])), "n": len(v${s}_${c})}`,
        `print(json.dumps(stats_${s}_${c}))`
      ].join('\n');
      const metadata = c === 0 ? { cellpipe: { step: `step-${s}` } } : {};
      cells.push({
        cell_type: 'code',
        id: `s${s}c${c}`,
        metadata,
        source,
        outputs: [],
        execution_count: null
      });
    }
    cells.push({
      cell_type: 'markdown',
      id: `md${s}`,
      metadata: {},
      source: `## Step ${s}`
    });
  }
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const notebook = bigNotebook();
const service = createCompileService(await resolvePython());
const warm = await service.compile({ notebook, name: 'bench' });
const codeCells = notebook.cells.filter(c => c.cell_type === 'code').length;
if (!warm.result.ok || warm.result.steps.length !== STEPS) {
  console.error(JSON.stringify(warm.result.problems.slice(0, 5), null, 1));
  throw new Error('the benchmark notebook did not compile cleanly');
}
const samples = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  await service.compile({ notebook, name: 'bench' });
  samples.push(performance.now() - t0);
}
console.log(`samples (ms): ${samples.map(s => s.toFixed(0)).join(' ')}`);
console.log(
  `compile ${codeCells} code cells in ${STEPS} steps (analysis included): median ${median(samples).toFixed(0)} ms over ${RUNS} runs (target < 300 ms)`
);
