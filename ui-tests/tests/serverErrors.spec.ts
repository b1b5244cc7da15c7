import { expect, galata, test } from '@jupyterlab/galata';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
const SERVER_BIN = path.join(
  __dirname,
  '..',
  '..',
  'server',
  'bin',
  'cellpipe'
);
const UI_ORIGIN = `http://127.0.0.1:${process.env.CELLPIPE_UI_PORT || '8899'}`;
const STANDALONE_PORT = Number(process.env.CELLPIPE_STANDALONE_PORT || '8897');
const STANDALONE_TOKEN = 'galata-standalone-token';

function withCellpipeSettings(settings: Record<string, string>) {
  return { ...galata.DEFAULT_SETTINGS, 'cellpipe:core': settings };
}

test.describe('a server that cannot be reached', () => {
  // Nothing listens on the discard port: the browser's fetch fails.
  test.use({
    mockSettings: withCellpipeSettings({
      serverUrl: 'http://127.0.0.1:9/',
      serverToken: 'x'
    })
  });

  test('the panel says so and offers to try again', async ({ page }) => {
    await page.sidebar.openTab('cellpipe-pipelines');
    const status = page.locator('#cellpipe-pipelines .jp-cellpipe-Connection');
    await expect(status).toHaveAttribute('data-status', 'unreachable', {
      timeout: 30_000
    });
    await expect(status).toContainText('Cannot reach the Cellpipe server');
    await expect(
      status.getByRole('button', { name: 'Try again' })
    ).toBeVisible();
    await page.locator('#cellpipe-pipelines').screenshot({
      path: path.join(SHOTS, 'pipelines-panel-unreachable.png')
    });
  });
});

test.describe('a standalone server (cellpipe serve)', () => {
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    server = spawn(
      process.execPath,
      [
        SERVER_BIN,
        'serve',
        '--port',
        String(STANDALONE_PORT),
        '--allow-origin',
        UI_ORIGIN
      ],
      {
        // Its own CELLPIPE_HOME: the user's ~/.cellpipe may hold a store another
        // Cellpipe version migrated, which this one would rightly refuse.
        env: {
          ...process.env,
          CELLPIPE_TOKEN: STANDALONE_TOKEN,
          CELLPIPE_HOME: fs.mkdtempSync(
            path.join(os.tmpdir(), 'cellpipe-standalone-')
          )
        },
        stdio: ['ignore', 'pipe', 'inherit']
      }
    );
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening on')) {
          resolve();
        }
      });
      server!.once('exit', code =>
        reject(new Error(`server exited with ${code}`))
      );
    });
  });

  test.afterAll(() => {
    server?.kill('SIGTERM');
  });

  test.describe('with the right token', () => {
    test.use({
      mockSettings: withCellpipeSettings({
        serverUrl: `http://127.0.0.1:${STANDALONE_PORT}/`,
        serverToken: STANDALONE_TOKEN
      })
    });

    test('the panel connects to it directly, events included', async ({
      page
    }) => {
      await page.sidebar.openTab('cellpipe-pipelines');
      const panel = page.locator('#cellpipe-pipelines');
      await expect(panel.locator('.jp-cellpipe-Connection')).toHaveAttribute(
        'data-status',
        'connected',
        { timeout: 30_000 }
      );
      await expect(panel).toContainText(`127.0.0.1:${STANDALONE_PORT}/`);
      await expect(panel.locator('[data-socket]')).toHaveAttribute(
        'data-socket',
        'open'
      );
    });
  });

  test.describe('with a wrong token', () => {
    test.use({
      mockSettings: withCellpipeSettings({
        serverUrl: `http://127.0.0.1:${STANDALONE_PORT}/`,
        serverToken: 'wrong'
      })
    });

    test('the panel says the token was refused', async ({ page }) => {
      await page.sidebar.openTab('cellpipe-pipelines');
      const status = page.locator(
        '#cellpipe-pipelines .jp-cellpipe-Connection'
      );
      await expect(status).toHaveAttribute('data-status', 'unreachable', {
        timeout: 30_000
      });
      await expect(status).toContainText('refused the token (401)');
    });
  });
});
