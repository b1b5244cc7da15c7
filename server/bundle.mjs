// Bundles the compiled server (dist/, from `npm run build`) and its npm
// dependencies for the wheel, entry `<out>/cellpipe.mjs`: a user's machine then
// needs Node.js and no `npm install` (the store uses the built-in node:sqlite,
// so there is no native module to ship).
//   node bundle.mjs [OUT_DIR]     (default: bundle/)
//
// The bundle is split (esbuild's `splitting`, ESM only): every dynamic
// import() the server does to load something on first use (the Kubernetes
// client, the HTTP stack, each command's code) becomes a chunk of its own
// (`<out>/cellpipe-chunk-*.mjs`), loaded only when that import runs, so the
// bundle keeps the checkout's lazy loading (docs/engine.md, "What loads
// lazily"). A bundle is faster to load than dist/'s hundreds of files: Node
// resolves and reads one file per chunk instead of one per module.
//
// The server finds its Python runtime and package.json relative to its own
// modules (`new URL('../runtime/harness.py', import.meta.url)`). In one bundle
// every module would share the bundle's URL, so each compiled module's
// `import.meta.url` is rewritten to the URL its file had in dist/, relative to
// the bundle: the wheel keeps dist's neighbours (runtime/, package.json) in
// the same places around the bundle as around dist/.
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const SERVER = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(SERVER, 'dist');
const OUT = resolve(process.argv[2] ?? resolve(SERVER, 'bundle'));
// The bundle sits where dist/ sits, so `../runtime/` from it is server/runtime/.
const PLACE = DIST;
/** Worker-thread entry modules in dist/ (pipelines/CompileWorker.ts starts this one). */
const WORKERS = ['compileWorkerMain.js'];

const moduleUrlPlugin = {
  name: 'module-url',
  setup(builder) {
    builder.onLoad({ filter: /\.js$/ }, async args => {
      if (!args.path.startsWith(DIST + sep)) {
        return undefined; // npm packages keep the bundle's URL
      }
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) {
        return undefined;
      }
      const own = `./${relative(PLACE, args.path)}`;
      const url = `new URL(${JSON.stringify(own)}, import.meta.url).href`;
      return {
        contents: source.replaceAll('import.meta.url', url),
        loader: 'js'
      };
    });
  }
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // CommonJS dependencies (pino, ws, cors...) call require() on Node's own
  // modules; an ESM bundle has no require unless given one.
  banner: {
    js: "import { createRequire as __cellpipeRequire } from 'node:module';\nconst require = __cellpipeRequire(import.meta.url);"
  },
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [moduleUrlPlugin]
};

/**
 * The entry, as bin/cellpipe: `serve` sheds $CELLPIPE_TOKEN from its
 * environment first (environmentToken.ts), then Node's on-disk compile cache,
 * then the analysis of `compile` and `run` (EarlyAnalysis.ts), then the CLI by dynamic import, so that the cache covers it (it starts after the
 * module that turns it on has been compiled).
 */
const ENTRY = `import module from 'node:module';
const { dropEnvironmentToken } = await import('./dist/cli/environmentToken.js');
dropEnvironmentToken(process.argv);
module.enableCompileCache?.();
const { EarlyAnalysis } = await import('./dist/cli/EarlyAnalysis.js');
const early = new EarlyAnalysis(process.argv);
const { run } = await import('./dist/cli/main.js');
await run(process.argv, early);
`;

const entryPlugin = {
  name: 'cellpipe-entry',
  setup(builder) {
    builder.onResolve({ filter: /^cellpipe-entry$/ }, () => ({
      path: 'cellpipe-entry',
      namespace: 'cellpipe-entry'
    }));
    builder.onLoad({ filter: /.*/, namespace: 'cellpipe-entry' }, () => ({
      contents: ENTRY,
      resolveDir: SERVER,
      loader: 'js'
    }));
  }
};

// The CLI and server, split into chunks beside the entry (not in a folder of
// their own: the rewritten import.meta.url of every module is relative to
// the file it lands in, and all of them must sit where dist/ sits).
await build({
  ...common,
  entryPoints: [{ in: 'cellpipe-entry', out: 'cellpipe' }],
  plugins: [entryPlugin, ...common.plugins],
  splitting: true,
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'cellpipe-chunk-[hash]'
});
// Worker threads the server starts by file (`new URL('./x.js', import.meta.url)`
// from a module directly in dist/): each its own bundle beside the CLI's, where
// that URL points. The wheel's package.json says "type": "module" for them.
for (const worker of WORKERS) {
  await build({
    ...common,
    entryPoints: [resolve(DIST, worker)],
    outfile: resolve(OUT, worker)
  });
}
console.log(resolve(OUT, 'cellpipe.mjs'));
