import type Database from './sqliteDatabase.js';

import { ConflictError } from '../errors.js';
import type { DeploymentEvent, IEventEnvelope } from '../contract/wire.js';
import { openRunDatabase } from './sqliteSchema.js';
import type {
  IDeploymentEntry,
  IDeploymentState,
  IDeploymentStore,
  INewDeployment
} from './DeploymentStore.js';

interface IDeploymentRow {
  name: string;
  target: string;
  status: string;
  run_id: string;
  step: string;
  artifact: string;
  source: string;
  options: string;
  state: string;
  created_at: string;
  updated_at: string;
  ready_at: string | null;
}

const now = () => new Date().toISOString();

/** The public record: what clients see of a stored deployment. */
function toEntry(row: IDeploymentRow): IDeploymentEntry {
  const source = JSON.parse(row.source) as IDeploymentEntry['source'];
  const options = JSON.parse(row.options) as IDeploymentEntry['options'];
  const state = JSON.parse(row.state) as IDeploymentState;
  const { path: _path, ...model } = source.artifact;
  return {
    source,
    options,
    state,
    deployment: {
      name: row.name,
      target: row.target,
      kind: state.kind,
      status: state.status,
      reason: state.reason,
      url: state.url,
      runId: row.run_id,
      step: row.step,
      artifact: row.artifact,
      model,
      modelFormat: state.modelFormat ?? null,
      inputs: state.inputs ?? null,
      restarts: state.restarts ?? 0,
      namespace: state.namespace ?? null,
      minReplicas: options.minReplicas ?? null,
      maxReplicas: options.maxReplicas ?? null,
      canaryTrafficPercent: options.canaryTrafficPercent ?? null,
      stable: state.stable ?? null,
      warnings: state.warnings ?? [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      readyAt: row.ready_at
    }
  };
}

/** The columns that say what a deployment serves and how it is. */
function servedColumns(
  entry: Pick<INewDeployment, 'source' | 'options' | 'state'>
) {
  return {
    status: entry.state.status,
    run_id: entry.source.runId,
    step: entry.source.step,
    artifact: entry.source.artifact.name,
    source: JSON.stringify(entry.source),
    options: JSON.stringify(entry.options),
    state: JSON.stringify(entry.state)
  };
}

/**
 * Deployments in the run database (its own connection: WAL lets the run
 * store's and this one share the file, and the CLI's process too).
 */
export class SqliteDeploymentStore implements IDeploymentStore {
  private readonly db: Database.Database;
  private readonly sql;

  constructor(readonly path: string) {
    this.db = openRunDatabase(path);
    this.sql = {
      insert: this.db.prepare(
        'INSERT INTO deployments (name, target, status, run_id, step, artifact, ' +
          'source, options, state, created_at, updated_at, ready_at) VALUES ' +
          '(@name, @target, @status, @run_id, @step, @artifact, @source, ' +
          '@options, @state, @created_at, @updated_at, @ready_at)'
      ),
      update: this.db.prepare(
        'UPDATE deployments SET status = @status, state = @state, ' +
          'updated_at = @updated_at, ready_at = @ready_at WHERE name = @name'
      ),
      revise: this.db.prepare(
        'UPDATE deployments SET status = @status, run_id = @run_id, step = @step, ' +
          'artifact = @artifact, source = @source, options = @options, ' +
          'state = @state, updated_at = @updated_at WHERE name = @name'
      ),
      delete: this.db.prepare('DELETE FROM deployments WHERE name = ?'),
      get: this.db.prepare<[string], IDeploymentRow>(
        'SELECT * FROM deployments WHERE name = ?'
      ),
      all: this.db.prepare<[], IDeploymentRow>(
        'SELECT * FROM deployments ORDER BY created_at DESC, name'
      ),
      ofRun: this.db.prepare<[string], IDeploymentRow>(
        'SELECT * FROM deployments WHERE run_id = ? ORDER BY created_at DESC, name'
      ),
      insertEvent: this.db.prepare(
        'INSERT INTO events (run_id, runs_channel, deployments_channel, type, payload, at) ' +
          'VALUES (NULL, 0, 1, @type, @payload, @at)'
      ),
      headSeq: this.db
        .prepare<[], number>(
          "SELECT seq FROM sqlite_sequence WHERE name = 'events'"
        )
        .pluck()
    };
  }

  create(entry: INewDeployment): IEventEnvelope {
    return this.write(() => {
      if (this.sql.get.get(entry.name)) {
        throw new ConflictError(
          `a deployment named "${entry.name}" exists already: undeploy it or choose another name`
        );
      }
      const at = now();
      this.sql.insert.run({
        name: entry.name,
        target: entry.target,
        ...servedColumns(entry),
        created_at: at,
        updated_at: at,
        ready_at: entry.state.status === 'ready' ? at : null
      });
      const { deployment } = toEntry(this.sql.get.get(entry.name)!);
      return this.emit({ type: 'deployment.created', deployment }, at);
    });
  }

  update(
    name: string,
    patch: Partial<IDeploymentState>
  ): IEventEnvelope | undefined {
    return this.write(() => {
      const row = this.sql.get.get(name);
      if (!row) {
        return undefined;
      }
      const state = {
        ...(JSON.parse(row.state) as IDeploymentState),
        ...patch
      };
      const at = now();
      const firstReady = state.status === 'ready' && row.ready_at === null;
      this.sql.update.run({
        name,
        status: state.status,
        state: JSON.stringify(state),
        updated_at: at,
        ready_at: firstReady ? at : row.ready_at
      });
      return this.emitUpdated(name, at);
    });
  }

  revise(
    name: string,
    entry: Pick<INewDeployment, 'source' | 'options' | 'state'>
  ): IEventEnvelope | undefined {
    return this.write(() => {
      const at = now();
      const changed = this.sql.revise.run({
        name,
        ...servedColumns(entry),
        updated_at: at
      }).changes;
      if (changed === 0) {
        return undefined;
      }
      return this.emitUpdated(name, at);
    });
  }

  delete(name: string): IEventEnvelope | undefined {
    return this.write(() =>
      this.sql.delete.run(name).changes === 0
        ? undefined
        : this.emit({ type: 'deployment.deleted', name }, now())
    );
  }

  get(name: string): IDeploymentEntry | undefined {
    const row = this.sql.get.get(name);
    return row && toEntry(row);
  }

  list(runId?: string): { seq: number; entries: IDeploymentEntry[] } {
    return this.db.transaction(() => ({
      seq: this.sql.headSeq.get() ?? 0,
      entries: (runId === undefined
        ? this.sql.all.all()
        : this.sql.ofRun.all(runId)
      ).map(toEntry)
    }))();
  }

  close(): void {
    if (this.db.open) {
      this.db.close();
    }
  }

  private write<T>(change: () => T): T {
    return this.db.transaction(change).immediate();
  }

  private emitUpdated(name: string, at: string): IEventEnvelope {
    const { deployment } = toEntry(this.sql.get.get(name)!);
    return this.emit({ type: 'deployment.updated', deployment }, at);
  }

  private emit(event: DeploymentEvent, at: string): IEventEnvelope {
    const { lastInsertRowid } = this.sql.insertEvent.run({
      type: event.type,
      payload: JSON.stringify(event),
      at
    });
    return { seq: Number(lastInsertRowid), runId: null, at, event };
  }
}
