import * as z from '../spec/zodMini.js';

/**
 * What `server/runtime/analyze.py` reports per cell (docs/step-programs.md).
 * Parsed with zod where it enters the server; the compiler trusts this type.
 */
const ParameterTypeSchema = z.enum([
  'int',
  'float',
  'str',
  'bool',
  'none',
  'list',
  'dict'
]);

const AssignmentSchema = z.object({
  name: z.string(),
  literal: z.boolean(),
  value: z.optional(z.unknown()),
  type: z.optional(ParameterTypeSchema),
  line: z.number(),
  reason: z.optional(z.string())
});

export const CellAnalysisSchema = z.object({
  id: z.string(),
  defines: z.array(z.string()),
  reads: z.array(z.string()),
  deletes: z._default(z.array(z.string()), []),
  imports: z._default(z.array(z.string()), []),
  /** Top-level packages the cell imports whenever it runs (not in a def or a try), for the pre-flight check. */
  modules: z._default(
    z.array(z.object({ name: z.string(), line: z.number() })),
    []
  ),
  functions: z._default(z.array(z.string()), []),
  classes: z._default(z.array(z.string()), []),
  assignments: z._default(z.array(AssignmentSchema), []),
  expressions: z._default(z.array(z.string()), []),
  magics: z._default(z.boolean(), false),
  star_import: z.optional(z.boolean()),
  /** Names from earlier cells the cell may change in place (`model.fit`, `df['c'] = ...`). */
  changes: z._default(z.array(z.string()), []),
  /** Names bound to values no process boundary carries (`open(...)`, a generator). */
  handles: z._default(
    z.array(z.object({ name: z.string(), what: z.string(), line: z.number() })),
    []
  ),
  /** Module-level functions the cell defines -> the globals a call of them may change. */
  function_changes: z._default(z.record(z.string(), z.array(z.string())), {}),
  /** `b = a`, `items = data['items']`: names that share an object from here on. */
  aliases: z._default(
    z.array(z.object({ name: z.string(), of: z.string(), line: z.number() })),
    []
  ),
  /** The cell seeds or sets the global generators of `random` or numpy. */
  seeds: z._default(z.boolean(), false),
  /** Other libraries' global generators it seeds (`torch.manual_seed`): not carried. */
  other_seeds: z._default(z.array(z.string()), []),
  error: z._default(
    z.nullable(
      z.object({
        line: z.nullable(z.number()),
        column: z.nullable(z.number()),
        message: z.string()
      })
    ),
    null
  )
});

export const AnalysisOutputSchema = z.object({
  cells: z.array(CellAnalysisSchema)
});

export type CellAnalysis = z.infer<typeof CellAnalysisSchema>;
export type Assignment = z.infer<typeof AssignmentSchema>;

/** Cell analyses by cell id. */
export type AnalysisByCell = ReadonlyMap<string, CellAnalysis>;

/** What a sequence of cells, run in order, reads from outside and leaves defined. */
export interface IScope {
  reads: Set<string>;
  defines: Set<string>;
  /** Names read from outside that the cells may change in place: passed on like defines. */
  changes: Set<string>;
  starImport: boolean;
}

/** True when the scope leaves `name` for later steps: it binds it, or may change it. */
export function leaves(scope: IScope, name: string): boolean {
  return scope.defines.has(name) || scope.changes.has(name);
}

/** Folds cell analyses in order: a name bound by an earlier cell is not a read of a later one. */
export function scopeOf(
  cellIds: readonly string[],
  analysis: AnalysisByCell
): IScope {
  const reads = new Set<string>();
  const defines = new Set<string>();
  const changes = new Set<string>();
  let starImport = false;
  for (const id of cellIds) {
    const cell = analysis.get(id);
    if (!cell) {
      continue;
    }
    for (const name of cell.reads) {
      if (!defines.has(name)) {
        reads.add(name);
      }
    }
    for (const name of cell.changes) {
      if (reads.has(name) && !defines.has(name)) {
        changes.add(name);
      }
    }
    for (const name of cell.defines) {
      defines.add(name);
      changes.delete(name);
    }
    for (const name of cell.deletes) {
      defines.delete(name);
    }
    starImport ||= cell.star_import === true;
  }
  return { reads, defines, changes, starImport };
}
