import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { resolvePython } from '../pipelines/pythonExecutable.js';
import { FIND_MODULES_SCRIPT } from '../preflight/LocalImportCheck.js';
import { importProblems } from '../preflight/importProblems.js';
import { clusterSkip, TestNamespace } from '../testing/testCluster.js';
import {
  IMPORT_CHECK_LABEL,
  importCheckJob,
  importCheckName,
  parseImportCheckOutput
} from './importCheckJob.js';
import { KubernetesImportCheck } from './importCheckRunner.js';

const script = readFileSync(FIND_MODULES_SCRIPT, 'utf8');
const MODULES = ['json', 'no_such_module_cp18', 'os'];

describe('the check Job', () => {
  const job = importCheckJob({
    namespace: 'team',
    image: 'python:3.11-slim',
    modules: ['os', 'no_such_module_cp18', 'json'],
    script
  });
  const container = job.spec!.template.spec!.containers[0];

  test('is named by its image and module set, in any order', () => {
    assert.equal(
      job.metadata!.name,
      importCheckName('python:3.11-slim', MODULES)
    );
    assert.notEqual(
      importCheckName('python:3.12-slim', MODULES),
      job.metadata!.name
    );
    assert.match(job.metadata!.name, /^cellpipe-imports-[0-9a-f]{16}$/);
  });

  test('runs the find_spec script with python3 -c in the step image, once, briefly', () => {
    assert.equal(container.image, 'python:3.11-slim');
    assert.deepEqual(container.command!.slice(0, 2), ['python3', '-c']);
    assert.equal(container.command![2], script);
    assert.deepEqual(JSON.parse(container.command![3]), { modules: MODULES });
    assert.equal(job.spec!.backoffLimit, 0);
    assert.equal(job.spec!.template.spec!.restartPolicy, 'Never');
    assert.ok(job.spec!.activeDeadlineSeconds! <= 300);
  });

  test("is no run's Job: the run informers do not see it", () => {
    const labels = job.metadata!.labels!;
    assert.equal(labels[IMPORT_CHECK_LABEL], 'true');
    assert.equal(labels['app.kubernetes.io/managed-by'], undefined);
  });

  test('its command, replayed with the local Python, answers what is missing', async () => {
    const [, ...args] = container.command!;
    const { stdout } = await promisify(execFile)(await resolvePython(), args);
    const parsed = parseImportCheckOutput(
      `a banner the image prints\n${stdout}`
    );
    assert.equal(parsed.ok, true);
    assert.deepEqual(parsed.ok && parsed.missing, ['no_such_module_cp18']);
  });

  test('anything else it prints is no answer, said in words', () => {
    assert.deepEqual(parseImportCheckOutput(''), {
      ok: false,
      reason: 'the check printed nothing'
    });
    assert.deepEqual(
      parseImportCheckOutput('exec: "python3": executable file not found'),
      {
        ok: false,
        reason: 'the check printed: exec: "python3": executable file not found'
      }
    );
  });
});

const skip = clusterSkip();

describe(
  'the check on the control plane, where pods run nothing',
  { skip },
  () => {
    let ns: TestNamespace;
    before(async () => {
      ns = await TestNamespace.create('imports');
    });
    after(() => ns.delete());

    test('a check that does not answer is a warning, never a refusal', async () => {
      const check = new KubernetesImportCheck({
        kubeConfig: ns.kc,
        namespace: ns.name,
        script,
        defaultImage: () =>
          Promise.resolve({ image: 'python:3.11-slim', source: 'default' }),
        timeoutMs: 3000,
        pollMs: 200
      });
      const steps = [
        {
          name: 'train',
          properties: {},
          modules: {
            installs: false,
            modules: [
              {
                module: 'sklearn',
                cellId: 'c1',
                cellIndex: 1,
                line: 1,
                prelude: false
              }
            ]
          }
        }
      ];
      const started = Date.now();
      const answers = await check.check(steps);
      assert.ok(Date.now() - started < 10_000);
      const problems = importProblems(steps, answers, check);
      assert.deepEqual(
        problems.map(p => [p.kind, p.severity]),
        [['imports-unchecked', 'warning']]
      );
      assert.match(
        problems[0].message,
        /^could not check imports in image python:3\.11-slim: /
      );
      const jobs = await ns.batch.listNamespacedJob({
        namespace: ns.name,
        labelSelector: `${IMPORT_CHECK_LABEL}=true`
      });
      assert.equal(jobs.items.length, 1, 'one check Job was made');
    });
  }
);
