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

describe('the run dialog', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('says the errors and keeps Run off; Enter does not start the run', async () => {
    const shown = showRunDialog(
      options(['steps a and b depend on each other'])
    );
    await settle();
    const dialog = document.querySelector('.jp-Dialog')!;
    expect(dialog.textContent).toContain('steps a and b depend on each other');
    const run = dialog.querySelector<HTMLButtonElement>('.jp-mod-accept')!;
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
    await settle();
    const run = document.querySelector<HTMLButtonElement>(
      '.jp-Dialog .jp-mod-accept'
    )!;
    expect(run.disabled).toBe(false);
    run.click();
    expect(await shown).toEqual({
      target: 'local',
      cache: true,
      parameters: {}
    });
  });
});
