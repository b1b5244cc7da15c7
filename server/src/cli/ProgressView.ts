import type { IEngine } from '../app.js';
import type { IRunRecord, IStepRecord } from '../contract/wire.js';
import { renderProgress, seconds } from './renderProgress.js';

type LogUpdate = typeof import('log-update').default;

/**
 * Redraws the progress on a terminal (with log-update, imported only then:
 * it costs more to load than the rest of the command); prints one line per
 * change otherwise. Neither reads the whole run per event: the plain lines
 * come from the event's step record, and a terminal redraw is coalesced to
 * one per turn of the event loop (a fully cached 20-step run publishes ~60
 * events in one burst, and each read of the run from the store was ~1 ms).
 */
export class ProgressView {
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private readonly seen = new Map<string, string>();
  private redraw: NodeJS.Immediate | undefined;

  constructor(
    private readonly engine: IEngine,
    private readonly runId: string,
    private readonly logUpdate: LogUpdate | null
  ) {
    this.unsubscribe = engine.bus.subscribe(e => {
      if (e.runId !== runId) {
        return;
      }
      if (!logUpdate && e.event.type === 'step.updated') {
        this.print(e.event.step);
      } else if (
        logUpdate &&
        (e.event.type === 'step.updated' || e.event.type === 'run.updated')
      ) {
        this.redraw ??= setImmediate(() => this.draw());
      }
    });
    this.timer = logUpdate ? setInterval(() => this.draw(), 200) : undefined;
    this.draw();
  }

  close(final: IRunRecord): void {
    clearInterval(this.timer);
    clearImmediate(this.redraw);
    this.unsubscribe();
    if (this.logUpdate) {
      this.logUpdate(renderProgress(final, Date.now(), true));
      this.logUpdate.done();
    }
  }

  private draw(): void {
    this.redraw = undefined;
    const run = this.engine.store.getRun(this.runId);
    if (!run) {
      return;
    }
    if (this.logUpdate) {
      this.logUpdate(renderProgress(run, Date.now(), true));
      return;
    }
    run.steps.forEach(step => this.print(step));
  }

  /** One line when a step's status changed since the last line about it. */
  private print(step: IStepRecord): void {
    if (this.seen.get(step.name) === step.status) {
      return;
    }
    this.seen.set(step.name, step.status);
    const extra =
      step.durationMs !== null ? ` (${seconds(step.durationMs)})` : '';
    process.stdout.write(
      `${new Date().toISOString().slice(11, 19)}  ${step.name}  ${step.status}${extra}\n`
    );
  }
}
