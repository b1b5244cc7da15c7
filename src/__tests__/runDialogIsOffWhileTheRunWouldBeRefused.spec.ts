import { showRunDialog } from '../pipelines/RunDialog';

/*
 * The run dialog shows the compile's errors and its Run button is off while
 * they stand (the server would only refuse the run); without errors it runs.
 */

const options = (errors: string[]) => ({
  pipelineName: 'iris',
  parameters: [],
  executors: [
    {
      name: 'local',
      label: 'This machine',
      available: true
    }
  ] as never,
  target: 'local',
  errors
});

const settle = () => new Promise(resolve => setTimeout(resolve, 50));

/** Waits (up to 5 s: the suite may run on a busy machine) until `find` finds something. */
async function waitFor<T>(find: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = find();
    if (found) {
      return found;
    }
    await settle();
  }
  throw new Error('not found in time');
}

describe('the run dialog', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('says the errors and keeps Run off; Enter does not start the run', async () => {
    const shown = showRunDialog(
      options(['steps a and b depend on each other'])
    );
    const dialog = await waitFor(() =>
      document
        .querySelector('.jp-Dialog')
        ?.textContent?.includes('steps a and b depend on each other')
        ? document.querySelector('.jp-Dialog')
        : null
    );
    const run = await waitFor(() =>
      dialog.querySelector<HTMLButtonElement>('.jp-mod-accept:disabled')
    );
    expect(run.disabled).toBe(true);
    dialog.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
    );
    await settle();
    // Still asking: the dialog came back.
    const again = document.querySelector('.jp-Dialog')!;
    expect(again).not.toBeNull();
    again.querySelector<HTMLButtonElement>('.jp-mod-reject')!.click();
    expect(await shown).toBeNull();
  });

  it('runs without errors', async () => {
    const shown = showRunDialog(options([]));
    const run = await waitFor(() =>
      document.querySelector<HTMLButtonElement>(
        '.jp-Dialog .jp-cellpipe-RunDialog-form'
      )
        ? document.querySelector<HTMLButtonElement>('.jp-Dialog .jp-mod-accept')
        : null
    );
    expect(run.disabled).toBe(false);
    run.click();
    expect(await shown).toEqual({
      target: 'local',
      cache: true,
      parameters: {}
    });
  });
});
