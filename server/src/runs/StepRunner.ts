import {
  DETACH,
  type IStepJob,
  type IStepOutcome,
  type StepUpdate
} from '../executors/Executor.js';
import type { StepEvent, StepLine } from '../executors/stepEvents.js';
import type { ICompiledStep, StepStatus } from '../contract/wire.js';
import { readStepDefinition } from '../compiler/stepProgram.js';
import { stepCacheKey } from './cacheKey.js';
import { LogBuffer } from './LogBuffer.js';
import { OutputCollector } from './OutputCollector.js';
import type { IOrchestrationDeps, IRunPlan } from './RunOrchestration.js';
import type { IStoredArtifact } from '../store/RunStore.js';

/**
 * One step of one run: reuse a cached result or run it through the
 * executor, recording every line, metric, artifact and status change.
 */
export class StepRunner {
  private readonly logs: LogBuffer;
  private readonly cellOutputs: OutputCollector;
  private readonly recorded: IStoredArtifact[] = [];
  private startedAt: string | null = null;

  constructor(
    private readonly deps: IOrchestrationDeps,
    private readonly plan: IRunPlan,
    private readonly step: ICompiledStep,
    private readonly outputs: Map<string, IStoredArtifact[]>,
    private readonly signal: AbortSignal
  ) {
    this.cellOutputs = new OutputCollector(outputs =>
      this.deps.events.publish(
        this.deps.store.addOutputs(plan.id, step.name, outputs)
      )
    );
    // Outputs are written with the lines they came with (one batch, in order).
    this.logs = new LogBuffer(lines => {
      this.deps.events.publish(
        this.deps.store.appendLogs(plan.id, step.name, lines)
      );
      this.cellOutputs.flush();
    });
  }

  async run(): Promise<StepStatus> {
    const key = stepCacheKey(
      this.step,
      this.plan.parameters,
      this.inputHashes()
    );
    const reattached = this.plan.reattach?.running.get(this.step.name);
    if (reattached) {
      this.startedAt = reattached.startedAt;
    } else if (await this.tryCache(key)) {
      return 'cached';
    } else {
      this.update({ status: 'queued', cacheKey: key });
    }
    let outcome: IStepOutcome | null = null;
    for await (const update of this.deps.executor.run(
      await this.job(),
      this.signal
    )) {
      outcome = this.handle(update) ?? outcome;
    }
    this.logs.flush();
    this.cellOutputs.flush();
    if (!outcome && this.signal.reason === DETACH) {
      return 'running'; // left running for the next server to re-attach to
    }
    const final = outcome ?? {
      status: 'failed',
      exitCode: null,
      signal: null,
      reason: 'the executor ended without a result',
      error: null
    };
    this.finish(final);
    if (final.status === 'succeeded') {
      this.outputs.set(this.step.name, this.recorded);
      this.deps.store.putCache({
        key,
        runId: this.plan.id,
        step: this.step.name,
        artifacts: this.recorded,
        createdAt: this.iso()
      });
    }
    return final.status;
  }

  /** Content hashes of the inputs, from the producers' recorded outputs. */
  private inputHashes(): Record<string, string> {
    const hashes: Record<string, string> = {};
    for (const name of this.step.inputs) {
      const producer = this.producerOf(name);
      const artifact = this.outputs.get(producer)?.find(a => a.name === name);
      hashes[name] = artifact?.sha256 ?? 'missing';
    }
    return hashes;
  }

  private producerOf(input: string): string {
    return this.plan.compiled.edges.find(
      e => e.to === this.step.name && e.variables.includes(input)
    )!.from;
  }

  private cacheAllowed(): boolean {
    return (
      this.plan.cache &&
      !this.plan.forceSteps.has(this.step.name) &&
      this.step.properties.disable_node_caching !== true
    );
  }

  private async tryCache(key: string): Promise<boolean> {
    if (!this.cacheAllowed()) {
      return false;
    }
    const entry = this.deps.store.findCache(key);
    const complete =
      entry &&
      this.step.outputs.every(o => entry.artifacts.some(a => a.name === o));
    if (
      !entry ||
      !complete ||
      !(await this.deps.artifacts.intact(entry.artifacts))
    ) {
      return false;
    }
    const adopted = await this.deps.artifacts.adopt(
      entry.artifacts,
      this.plan.id,
      this.step.name
    );
    for (const artifact of adopted) {
      this.deps.events.publish(
        this.deps.store.addArtifact(this.plan.id, artifact)
      );
    }
    // The cells show what they showed when the result was made.
    this.deps.events.publish(
      this.deps.store.copyOutputs(entry.runId, this.plan.id, this.step.name)
    );
    this.outputs.set(this.step.name, adopted);
    // The newest copy keeps the entry alive when older runs are deleted.
    this.deps.store.putCache({
      ...entry,
      runId: this.plan.id,
      step: this.step.name,
      artifacts: adopted
    });
    const now = this.iso();
    this.update({
      status: 'cached',
      cacheKey: key,
      cachedFrom: entry.runId,
      startedAt: now,
      finishedAt: now,
      reason: `reused the result of run ${entry.runId}`
    });
    return true;
  }

  private async job(): Promise<IStepJob> {
    const artifacts = this.deps.artifacts;
    const inputs: Record<string, string> = {};
    const recorded: Record<string, IStoredArtifact> = {};
    for (const name of this.step.inputs) {
      const artifact = this.outputs
        .get(this.producerOf(name))
        ?.find(a => a.name === name);
      if (artifact) {
        recorded[name] = artifact;
      }
      inputs[name] = artifact
        ? artifacts.prefixOf(artifact)
        : artifacts.prefix(this.plan.id, this.producerOf(name), name);
    }
    const program = this.plan.programs.get(this.step.name)!;
    const objects = await artifacts.stepAccess?.({
      runId: this.plan.id,
      step: this.step.name,
      inputs: recorded,
      outputs: this.savedNames(program),
      timeoutSeconds: this.step.properties.timeout_seconds,
      forPods: this.deps.executor.podSteps
    });
    return {
      runId: this.plan.id,
      step: this.step.name,
      program,
      programHash: this.step.programHash,
      context: {
        run_id: this.plan.id,
        inputs,
        output_dir: artifacts.stepDir(this.plan.id, this.step.name),
        parameters: this.plan.parameters,
        ...(objects ? { objects } : {})
      },
      properties: this.step.properties,
      cwd: this.plan.cwd,
      linesSeen: this.plan.reattach?.running.get(this.step.name)?.linesSeen
    };
  }

  /** What the harness may save: the outputs and the final models its definition names. */
  private savedNames(program: string): string[] {
    const definition = readStepDefinition(program);
    return [...new Set([...this.step.outputs, ...(definition?.models ?? [])])];
  }

  /** Returns the outcome when the update is the final one. */
  private handle(update: StepUpdate): IStepOutcome | null {
    switch (update.type) {
      case 'attempt':
        this.logs.flush();
        if (update.attempt > 1) {
          this.cellOutputs.reset();
          this.deps.events.publish(
            this.deps.store.clearOutputs(this.plan.id, this.step.name)
          );
        }
        this.startedAt ??= this.iso();
        this.update({
          status: 'running',
          attempt: update.attempt,
          startedAt: this.startedAt,
          pid: update.pid
        });
        return null;
      case 'retrying':
        this.logs.push(
          'system',
          `cellpipe: attempt ${update.attempt - 1} failed (${update.reason}); retrying`
        );
        return null;
      case 'line':
        this.line(update.line);
        return null;
      case 'done':
        return update.outcome;
    }
  }

  private line(line: StepLine): void {
    if (line.type === 'log') {
      this.cellOutputs.line(line.stream, line.line);
      this.logs.push(line.stream, line.line);
      return;
    }
    if (line.event.event !== 'cell' && line.event.event !== 'cell_done') {
      this.logs.flush(); // an output after the lines printed before it
    }
    this.cellOutputs.event(line.event);
    this.cellOutputs.flush();
    this.event(line.event);
  }

  private event(event: StepEvent): void {
    if (event.event === 'metric') {
      this.logs.flush();
      this.deps.events.publish(
        this.deps.store.addMetric(
          this.plan.id,
          this.step.name,
          event.name,
          event.value
        )
      );
    } else if (event.event === 'output') {
      this.logs.flush();
      const artifact: IStoredArtifact = {
        step: this.step.name,
        name: event.name,
        type: event.type,
        format: event.format,
        size: event.size,
        sha256: event.sha256,
        path: event.path,
        ...(event.sample ? { sample: event.sample } : {})
      };
      this.recorded.push(artifact);
      this.deps.events.publish(
        this.deps.store.addArtifact(this.plan.id, artifact)
      );
    }
  }

  private finish(outcome: IStepOutcome): void {
    this.update({
      status: outcome.status,
      finishedAt: this.iso(),
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      reason: outcome.reason,
      error: outcome.error,
      pid: null
    });
  }

  private update(
    patch: Parameters<IOrchestrationDeps['store']['updateStep']>[2]
  ): void {
    this.deps.events.publish(
      this.deps.store.updateStep(this.plan.id, this.step.name, patch)
    );
  }

  private iso(): string {
    return this.deps.now().toISOString();
  }
}
