import type { Logger } from 'pino';

import { ForkServer, type IForkRequest } from './ForkServer.js';
import type { IStepProcess } from './StepProcess.js';

export interface IForkServerPoolOptions {
  /** A fork server above this resident memory is replaced (default 2 GiB). */
  maxRssBytes?: number;
  logger?: Logger;
}

/** A forked step, or why it runs in a fresh interpreter instead (said in its log). */
export type PoolStart = { step: IStepProcess } | { fallback: string };

/**
 * The warm interpreters of the local executor: one fork server per step
 * Python and per set of the step's own environment variables (modules read
 * them when imported). A server whose packages changed, that grew past its
 * memory bound, or whose imports started a thread is retired: it takes no
 * more steps and ends when its last child is reaped; a new one takes over
 * (without the module that started a thread).
 */
export class ForkServerPool {
  private readonly servers = new Map<string, ForkServer>();
  private readonly retired = new Set<ForkServer>();
  private readonly excluded = new Map<string, string[]>();
  private readonly broken = new Map<string, string>();
  private readonly maxRss: number;
  private stopped = false;

  constructor(private readonly options: IForkServerPoolOptions = {}) {
    this.maxRss = options.maxRssBytes ?? 2 * 1024 ** 3;
  }

  async start(
    python: string,
    envKey: string,
    request: IForkRequest
  ): Promise<PoolStart> {
    const key = `${python}\0${envKey}`;
    for (let tries = 0; tries < 2; tries++) {
      const why =
        this.broken.get(key) ??
        (this.stopped ? 'the executor is stopping' : null);
      if (why !== null) {
        return { fallback: why };
      }
      const server = this.server(key, python);
      try {
        await server.ready;
      } catch (err) {
        this.broken.set(
          key,
          `the fork server cannot start: ${(err as Error).message}`
        );
        this.retire(key, server);
        continue;
      }
      const started = await server.start(request);
      if ('step' in started) {
        if (server.rss > this.maxRss) {
          this.retire(
            key,
            server,
            `its memory (${mib(server.rss)}) is above ${mib(this.maxRss)}`
          );
        }
        return started;
      }
      if ('retire' in started) {
        this.retire(key, server, started.retire);
        continue;
      }
      if (started.exclude) {
        this.excluded.set(key, [
          ...(this.excluded.get(key) ?? []),
          started.exclude
        ]);
        this.retire(key, server, started.fallback);
      }
      return { fallback: started.fallback };
    }
    return { fallback: 'the fork server was replaced twice for one step' };
  }

  /** Live fork servers' resident memory, in bytes (for benchmarks and the log). */
  rss(): number[] {
    return [...this.servers.values()].map(s => s.rss);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.servers.values(), ...this.retired];
    this.servers.clear();
    await Promise.all(all.map(s => s.stop()));
  }

  private server(key: string, python: string): ForkServer {
    let server = this.servers.get(key);
    if (!server) {
      server = new ForkServer(python, this.excluded.get(key));
      this.servers.set(key, server);
    }
    return server;
  }

  private retire(key: string, server: ForkServer, why?: string): void {
    if (this.servers.get(key) === server) {
      this.servers.delete(key);
    }
    if (why) {
      this.options.logger?.info({ why }, 'fork server retired');
    }
    this.retired.add(server);
    void this.whenIdle(server).then(() => {
      this.retired.delete(server);
      return server.stop();
    });
  }

  private async whenIdle(server: ForkServer): Promise<void> {
    while (server.active > 0) {
      await new Promise(resolve => setTimeout(resolve, 200).unref());
    }
  }
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
