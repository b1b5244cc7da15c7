import {
  type IModelServerHandle,
  type IModelServerLaunch,
  processAlive,
  startModelServer,
  stopModelServer
} from './ModelServerProcess.js';

/** What the supervisor reports; the DeployService turns it into deployment status. */
export type SupervisorEvent =
  | { type: 'ready'; handle: IModelServerHandle; restarts: number }
  | { type: 'died'; pid: number; restarts: number }
  | { type: 'failed'; reason: string; restarts: number };

export interface ISupervisorOptions {
  /** How often the process is checked (a pid check, no request). */
  checkEveryMs?: number;
  /** Restarts within `windowMs` before giving up (a model that cannot stay up). */
  maxRestarts?: number;
  windowMs?: number;
  /** Asked before a restart: false when the deployment was removed elsewhere (the CLI). */
  stillWanted?: () => boolean;
}

/**
 * Keeps one local model server up: checks its process, starts it again on
 * the same port when it died (so its URL stays), and gives up with the
 * reason after too many restarts in a short time. Owns its timer; `stop()`
 * stops it and the server.
 */
export class ModelServerSupervisor {
  private handle: IModelServerHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private restartTimes: number[] = [];
  private restarting = false;
  private stopped = false;
  restarts = 0;

  constructor(
    private readonly launch: IModelServerLaunch,
    private readonly onEvent: (event: SupervisorEvent) => void,
    private readonly options: ISupervisorOptions = {}
  ) {}

  /** Starts the server, or adopts one a previous process started (same deployment). */
  async start(adopt?: IModelServerHandle): Promise<IModelServerHandle> {
    this.handle =
      adopt && processAlive(adopt.pid)
        ? adopt
        : await startModelServer(this.launch);
    this.onEvent({
      type: 'ready',
      handle: this.handle,
      restarts: this.restarts
    });
    this.timer = setInterval(
      () => void this.check(),
      this.options.checkEveryMs ?? 1000
    );
    this.timer.unref();
    return this.handle;
  }

  get current(): IModelServerHandle | null {
    return this.handle;
  }

  async stop(): Promise<void> {
    this.detach();
    if (this.handle) {
      await stopModelServer(this.handle.pid);
    }
  }

  /** Stops watching and leaves the server running (the next Cellpipe process adopts it). */
  detach(): void {
    this.stopped = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  private async check(): Promise<void> {
    const handle = this.handle;
    if (
      this.stopped ||
      this.restarting ||
      !handle ||
      processAlive(handle.pid)
    ) {
      return;
    }
    if (this.options.stillWanted?.() === false) {
      this.detach();
      this.handle = null;
      return;
    }
    this.onEvent({ type: 'died', pid: handle.pid, restarts: this.restarts });
    const tooMany = this.tooManyDeaths();
    if (tooMany) {
      return this.giveUp(tooMany);
    }
    this.restarting = true;
    try {
      const started = await startModelServer({
        ...this.launch,
        port: handle.port
      });
      if (this.stopped) {
        // stop() came while it started: it only knew the dead one.
        await stopModelServer(started.pid);
        return;
      }
      this.handle = started;
      this.restarts++;
      this.onEvent({
        type: 'ready',
        handle: this.handle,
        restarts: this.restarts
      });
    } catch (err) {
      this.giveUp((err as Error).message);
    } finally {
      this.restarting = false;
    }
  }

  /** Counts this death; the reason to give up when there were too many lately. */
  private tooManyDeaths(): string | null {
    const now = Date.now();
    const windowMs = this.options.windowMs ?? 60_000;
    this.restartTimes = [
      ...this.restartTimes.filter(t => now - t < windowMs),
      now
    ];
    return this.restartTimes.length > (this.options.maxRestarts ?? 5)
      ? `it died ${this.restartTimes.length} times within ${Math.round(windowMs / 1000)} s`
      : null;
  }

  private giveUp(reason: string): void {
    this.stopped = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.handle = null;
    this.onEvent({ type: 'failed', reason, restarts: this.restarts });
  }
}
