import type { IParameter, ParameterType } from '../contract/wire.js';
import type { ICodeCell } from '../notebook/notebookSchema.js';
import { error, type Problem } from '../spec/problems.js';
import type { AnalysisByCell } from './analysis.js';

/** Pipeline parameters from the parameters cells, typed by their literals. */
export function readParameters(
  cells: readonly ICodeCell[],
  analysis: AnalysisByCell
): { parameters: IParameter[]; problems: Problem[] } {
  const byName = new Map<string, IParameter>();
  const problems: Problem[] = [];
  for (const cell of cells) {
    for (const a of analysis.get(cell.id)?.assignments ?? []) {
      const place = {
        path: `parameters.${a.name}`,
        cellId: cell.id,
        cellIndex: cell.index,
        line: a.line
      };
      if (!a.literal || a.type === undefined) {
        problems.push(
          error(
            'non-literal-parameter',
            `parameter "${a.name}" must be a literal value (a number, string, bool, None, list or dict)${a.reason ? `: ${a.reason}` : ''}`,
            place
          )
        );
        continue;
      }
      byName.set(a.name, {
        name: a.name,
        type: a.type,
        default: a.value ?? null,
        value: a.value ?? null
      });
    }
  }
  return { parameters: [...byName.values()], problems };
}

type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };

const TRUE = new Set(['true', 'True', '1', 'yes']);
const FALSE = new Set(['false', 'False', '0', 'no']);

function parseJsonText(text: string): Coerced {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
}

/**
 * Converts an override to the parameter's type. Values from a command line
 * arrive as strings; values from the API arrive as JSON.
 */
export function coerceParameter(type: ParameterType, value: unknown): Coerced {
  switch (type) {
    case 'int': {
      const n =
        typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())
          ? Number(value)
          : value;
      return typeof n === 'number' && Number.isInteger(n)
        ? { ok: true, value: n }
        : { ok: false, reason: 'expected an integer' };
    }
    case 'float': {
      const n =
        typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : value;
      return typeof n === 'number' && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, reason: 'expected a number' };
    }
    case 'bool':
      if (typeof value === 'boolean') {
        return { ok: true, value };
      }
      if (typeof value === 'string' && (TRUE.has(value) || FALSE.has(value))) {
        return { ok: true, value: TRUE.has(value) };
      }
      return { ok: false, reason: 'expected true or false' };
    case 'str':
      return typeof value === 'string'
        ? { ok: true, value }
        : { ok: false, reason: 'expected a string' };
    case 'list':
    case 'dict': {
      const parsed =
        typeof value === 'string'
          ? parseJsonText(value)
          : { ok: true as const, value };
      if (!parsed.ok) {
        return parsed;
      }
      const isList = Array.isArray(parsed.value);
      const isDict =
        typeof parsed.value === 'object' && parsed.value !== null && !isList;
      return (type === 'list' ? isList : isDict)
        ? parsed
        : {
            ok: false,
            reason: `expected a JSON ${type === 'list' ? 'array' : 'object'}`
          };
    }
    case 'none':
      // A parameter that defaults to None can take any JSON value.
      return typeof value === 'string'
        ? { ok: true, value: value === 'None' ? null : value }
        : { ok: true, value };
  }
}

/** Applies overrides by name; unknown names and wrong types are problems. */
export function applyOverrides(
  parameters: readonly IParameter[],
  overrides: Record<string, unknown>
): { parameters: IParameter[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const known = new Map(parameters.map(p => [p.name, p]));
  for (const name of Object.keys(overrides)) {
    if (!known.has(name)) {
      const names = [...known.keys()].join(', ') || 'none';
      problems.push(
        error(
          'unknown-parameter',
          `"${name}" is not a pipeline parameter (parameters: ${names})`,
          { path: `parameters.${name}` }
        )
      );
    }
  }
  const result = parameters.map(p => {
    if (!Object.prototype.hasOwnProperty.call(overrides, p.name)) {
      return p;
    }
    const coerced = coerceParameter(p.type, overrides[p.name]);
    if (!coerced.ok) {
      problems.push(
        error(
          'invalid-parameter-value',
          `parameter "${p.name}" (${p.type}): ${coerced.reason}, got ${JSON.stringify(overrides[p.name])}`,
          { path: `parameters.${p.name}` }
        )
      );
      return p;
    }
    return { ...p, value: coerced.value };
  });
  return { parameters: result, problems };
}
