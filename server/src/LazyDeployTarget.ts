import type { DeploymentKind, DeploymentTarget } from './contract/wire.js';
import type {
  DeployOptions,
  IDeploymentRecordForTarget,
  IDeploymentState,
  IDeploySource,
  IDeployTarget,
  IEndpointAnswer,
  ReportState
} from './serving/DeployTarget.js';

export interface ILazyDeployTargetOptions {
  readonly name: DeploymentTarget;
  readonly initialKind: DeploymentKind;
  readonly servesRunFiles: boolean;
  /** Imports and makes the target; called once, on first use. */
  load(): Promise<IDeployTarget>;
}

/**
 * A deploy target whose module is imported on first use (a deploy, a
 * recorded deployment to resume, undeploy, a request): app.ts registers the
 * Kubernetes target this way, so the Kubernetes client (~0.5 s to load)
 * stays out of servers and commands that never deploy there. What callers
 * read before any call is declared up front and checked against the real
 * target when it loads. (Wiring, beside app.ts: it knows no target.)
 */
export class LazyDeployTarget implements IDeployTarget {
  readonly name: DeploymentTarget;
  readonly initialKind: DeploymentKind;
  readonly servesRunFiles: boolean;
  private loading: Promise<IDeployTarget> | undefined;
  private loaded: IDeployTarget | undefined;

  constructor(private readonly options: ILazyDeployTargetOptions) {
    this.name = options.name;
    this.initialKind = options.initialKind;
    this.servesRunFiles = options.servesRunFiles;
  }

  /** Called after deploy(), when the target is loaded; nothing to warn about before. */
  warnings(source: IDeploySource): string[] {
    return this.loaded?.warnings?.(source) ?? [];
  }

  async deploy(
    name: string,
    source: IDeploySource,
    options: DeployOptions,
    report: ReportState
  ): Promise<IDeploymentState> {
    return (await this.real()).deploy(name, source, options, report);
  }

  async resume(
    record: IDeploymentRecordForTarget,
    report: ReportState
  ): Promise<void> {
    return (await this.real()).resume(record, report);
  }

  async undeploy(record: IDeploymentRecordForTarget): Promise<void> {
    return (await this.real()).undeploy(record);
  }

  async forward(
    record: IDeploymentRecordForTarget,
    path: string,
    body: unknown,
    signal: AbortSignal
  ): Promise<IEndpointAnswer> {
    return (await this.real()).forward(record, path, body, signal);
  }

  async endpointToken(
    record: IDeploymentRecordForTarget
  ): Promise<string | null> {
    return (await (await this.real()).endpointToken?.(record)) ?? null;
  }

  /** Stops the target if it was ever loaded (waiting for a load under way). */
  async stop(): Promise<void> {
    if (!this.loading) {
      return;
    }
    const real = await this.loading.catch(() => undefined);
    await real?.stop();
  }

  private real(): Promise<IDeployTarget> {
    this.loading ??= this.options.load().then(target => {
      const { name, initialKind, servesRunFiles } = this;
      if (
        target.name !== name ||
        target.initialKind !== initialKind ||
        target.servesRunFiles !== servesRunFiles
      ) {
        throw new Error(
          `lazy deploy target ${name} does not match the target it loaded`
        );
      }
      this.loaded = target;
      return target;
    });
    return this.loading;
  }
}
