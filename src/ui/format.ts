/**
 * Formatting for run views: durations, sizes, times and parameter values.
 * Pure; the components only call these.
 */

/** `850 ms`, `12.3 s`, `4 m 05 s`, `1 h 02 m`; an em dash when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return '—';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  }
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0
    ? `${h} h ${String(m).padStart(2, '0')} m`
    : `${m} m ${String(s).padStart(2, '0')} s`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in binary steps with one decimal under 10: `512 B`, `1.5 KB`, `23 MB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '—';
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) {
    return `${value} B`;
  }
  const shown = value < 10 ? value.toFixed(1) : String(Math.round(value));
  return `${shown} ${UNITS[unit]}`;
}

/**
 * How long a run or step has taken: its recorded duration, or the time
 * since it started while it still runs (`now` is passed in, no clock here).
 */
export function elapsedMs(
  item: {
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
  },
  now: number
): number | null {
  if (item.durationMs !== null) {
    return item.durationMs;
  }
  if (item.startedAt === null || item.finishedAt !== null) {
    return null;
  }
  const started = Date.parse(item.startedAt);
  return Number.isNaN(started) ? null : Math.max(0, now - started);
}

/** A start time in the reader's locale: time only for today, else date and time. */
export function formatTime(iso: string | null, now: Date): string {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '—';
  }
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString()
    : `${date.toLocaleDateString()} ${date.toLocaleTimeString()}`;
}

/** A parameter value as Python would write it: `0.1`, `'x'`, `True`, `None`, `[1, 2]`. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : 'None';
  }
  if (typeof value === 'string') {
    return pythonString(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonLiteral).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${pythonString(k)}: ${pythonLiteral(v)}`
    );
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .split(quote)
    .join(`\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** `lr=0.1, name='x'` for a run's parameter overrides. */
export function formatParameters(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${name}=${pythonLiteral(value)}`)
    .join(', ');
}

const EXTENSIONS: Record<string, string> = {
  npy: '.npy',
  'pandas-pickle': '.pkl',
  pickle: '.pkl',
  joblib: '.joblib',
  bytes: '.bin'
};

/** The file name a downloaded artifact is saved as: `<run>-<step>-<name>.<ext>`. */
export function artifactFileName(
  runName: string,
  artifact: { step: string; name: string; format: string }
): string {
  const ext = EXTENSIONS[artifact.format] ?? '';
  const base = `${runName}-${artifact.step}-${artifact.name}`.replace(
    /[\\/:*?"<>|]+/g,
    '_'
  );
  return base.endsWith(ext) ? base : `${base}${ext}`;
}
