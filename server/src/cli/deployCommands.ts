import { readFile } from 'node:fs/promises';

import { type Command, InvalidArgumentError, Option } from 'commander';

import type { IEngine } from '../app.js';
import { CellpipeError } from '../errors.js';
import type { DeploymentTarget, IDeployment } from '../contract/wire.js';
import {
  addKubernetesFlags,
  kubernetesOptionsFrom,
  type IKubernetesFlags
} from './kubernetesFlags.js';

const EXIT_FAILED = 1;

interface IDeployOptions extends IKubernetesFlags {
  run: string;
  step: string;
  artifact: string;
  name: string;
  target: DeploymentTarget;
  minReplicas?: number;
  maxReplicas?: number;
  canaryTrafficPercent?: number;
  wait: boolean;
  timeout: number;
  json?: boolean;
}

/**
 * `deploy`, `predict`, `undeploy`, `deployments`: like `cellpipe run`, they
 * work on the store under `$CELLPIPE_HOME` without a running server. A local
 * model server outlives `deploy`; the next Cellpipe server adopts it.
 */
export function addDeployCommands(program: Command): void {
  addDeployCommand(program);
  addPredictCommand(program);
  addUndeployCommand(program);
  addListCommand(program);
  addTokenCommand(program);
}

/** `deploy`: serve a run's model artifact. */
function addDeployCommand(program: Command): void {
  const deploy = program
    .command('deploy')
    .description(
      "serve a run's model artifact as an HTTP endpoint (KServe V1 and V2)"
    )
    .requiredOption('--run <id>', 'the run that made the model')
    .requiredOption('--step <step>', 'the step that saved it')
    .requiredOption('--artifact <name>', 'the artifact (variable) name')
    .requiredOption(
      '--name <name>',
      'the deployment name (lower-case letters, digits, -)'
    )
    .option(
      '--target <target>',
      'where to serve it: local or kubernetes (an unknown one is refused with the list)',
      'local'
    )
    .option('--min-replicas <n>', 'kubernetes: fewest replicas', integer)
    .option('--max-replicas <n>', 'kubernetes: most replicas', integer)
    .option(
      '--canary-traffic-percent <n>',
      'kubernetes (KServe): roll this model out as a canary of the deployment NAME with this share of traffic',
      integer
    )
    .option('--wait', 'kubernetes: wait until it is ready or failed', false)
    .option('--timeout <seconds>', 'how long --wait waits', integer, 300)
    .option('--json', 'print the deployment as JSON');
  addKubernetesFlags(deploy).action(async (options: IDeployOptions) => {
    process.exitCode = await withEngine(options, e => deployWith(e, options));
  });
}

/** `predict`: one request to a deployment. */
function addPredictCommand(program: Command): void {
  program
    .command('predict')
    .description(
      'send a prediction request to a deployment and print the answer'
    )
    .argument('<name>', 'the deployment')
    .option(
      '--json <body>',
      'the request, e.g. \'{"instances": [[1, 2, 3, 4]]}\''
    )
    .option('--file <path>', 'read the request from a file (- for stdin)')
    .addOption(
      new Option('--protocol <protocol>', 'V1 (:predict) or V2 (/infer)')
        .choices(['v1', 'v2'])
        .default('v1')
    )
    .action(
      async (
        name: string,
        options: { json?: string; file?: string; protocol: 'v1' | 'v2' }
      ) => {
        process.exitCode = await withEngine({}, e =>
          predictWith(e, name, options)
        );
      }
    );
}

/** `undeploy`: stop serving and remove. */
function addUndeployCommand(program: Command): void {
  program
    .command('undeploy')
    .description('stop serving a deployment and remove it')
    .argument('<name>', 'the deployment')
    .action(async (name: string) => {
      process.exitCode = await withEngine({}, async engine => {
        await engine.deployments.delete(name);
        process.stdout.write(`Undeployed ${name}\n`);
        return 0;
      });
    });
}

/** `deployments`: the list. */
function addListCommand(program: Command): void {
  program
    .command('deployments')
    .description('list deployments')
    .option('--json', 'print them as JSON')
    .action(async (options: { json?: boolean }) => {
      process.exitCode = await withEngine({}, engine => {
        const { deployments } = engine.deployments.list();
        process.stdout.write(
          options.json
            ? `${JSON.stringify(deployments, null, 2)}\n`
            : deployments.map(describe).join('') || 'No deployments\n'
        );
        return 0;
      });
    });
}

/** `deployment-token`: what a direct call of a local endpoint sends. */
function addTokenCommand(program: Command): void {
  program
    .command('deployment-token')
    .description(
      "print the token a direct request to a local deployment's URL needs (Authorization: Bearer TOKEN)"
    )
    .argument('<name>', 'the deployment')
    .action(async (name: string) => {
      process.exitCode = await withEngine({}, async engine => {
        const token = await engine.deployments.endpointToken(name);
        if (!token) {
          process.stderr.write(
            `cellpipe: ${name} needs no token of Cellpipe's (its platform decides who may call it)\n`
          );
          return EXIT_FAILED;
        }
        process.stdout.write(`${token}\n`);
        return 0;
      });
    });
}

/** One engine per command; typed errors become a message and exit 1. */
async function withEngine(
  flags: Partial<IKubernetesFlags>,
  work: (engine: IEngine) => number | Promise<number>
): Promise<number> {
  // Loaded when the command runs (docs/engine.md, "What loads lazily").
  const [{ createEngine }, { createStderrLogger }] = await Promise.all([
    import('../app.js'),
    import('../logger.js')
  ]);
  const engine = createEngine({
    kubernetes: kubernetesOptionsFrom(flags),
    logger: createStderrLogger(process.env.CELLPIPE_LOG_LEVEL ?? 'warn'),
    resumeDeployments: false
  });
  try {
    return await work(engine);
  } catch (err) {
    if (!(err instanceof CellpipeError)) {
      throw err;
    }
    process.stderr.write(`cellpipe: ${err.message}\n`);
    return EXIT_FAILED;
  } finally {
    await engine.stop();
    engine.close();
  }
}

async function deployWith(
  engine: IEngine,
  options: IDeployOptions
): Promise<number> {
  let deployment = await engine.deployments.create({
    runId: options.run,
    step: options.step,
    artifact: options.artifact,
    name: options.name,
    target: options.target,
    minReplicas: options.minReplicas,
    maxReplicas: options.maxReplicas,
    canaryTrafficPercent: options.canaryTrafficPercent,
    // --image names the steps' image for runs; here the model server's.
    image: options.target === 'kubernetes' ? options.image : undefined
  });
  const deadline = Date.now() + options.timeout * 1000;
  while (
    options.wait &&
    ['deploying', 'unready'].includes(deployment.status) &&
    Date.now() < deadline
  ) {
    await new Promise(r => setTimeout(r, 250));
    deployment = engine.deployments.get(options.name);
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify(deployment, null, 2)}\n`
      : describe(deployment)
  );
  return deployment.status === 'failed' ? EXIT_FAILED : 0;
}

async function predictWith(
  engine: IEngine,
  name: string,
  options: { json?: string; file?: string; protocol: 'v1' | 'v2' }
): Promise<number> {
  const text =
    options.json ??
    (options.file === '-'
      ? await readStdin()
      : options.file
        ? await readFile(options.file, 'utf8')
        : undefined);
  if (text === undefined) {
    process.stderr.write(
      'cellpipe predict: give the request with --json or --file\n'
    );
    return 2;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    process.stderr.write(
      `cellpipe predict: the request is not JSON: ${(err as Error).message}\n`
    );
    return 2;
  }
  const answer = await engine.deployments.predict(name, options.protocol, body);
  process.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
  if (answer.status >= 300) {
    process.stderr.write(
      `cellpipe predict: the endpoint answered ${answer.status}\n`
    );
    return EXIT_FAILED;
  }
  return 0;
}

function describe(d: IDeployment): string {
  const where = d.url ?? '(no URL yet)';
  const why = d.reason ? `: ${d.reason}` : '';
  const restarts = d.restarts > 0 ? `, restarted ${d.restarts}x` : '';
  return (
    `${d.name}  ${d.status}${why}\n` +
    `  ${d.target} ${d.kind} at ${where}${restarts}\n` +
    `  model ${d.artifact} (${d.model.type}) from run ${d.runId}, step ${d.step}\n` +
    (d.status === 'ready'
      ? `  try: cellpipe predict ${d.name} --json '{"instances": [[...]]}'\n`
      : '') +
    (d.status === 'ready' && d.target === 'local'
      ? `  direct calls: -H "Authorization: Bearer $(cellpipe deployment-token ${d.name})"\n`
      : '') +
    d.warnings.map(w => `  warning: ${w}\n`).join('')
  );
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError('Expected a non-negative integer.');
  }
  return Number(value);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
