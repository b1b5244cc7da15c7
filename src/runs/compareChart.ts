/**
 * Bars of one metric across compared runs (pure): a value axis from zero
 * (or the lowest negative value) to a round top, with round ticks.
 */
export interface IBarChart {
  /** Axis bottom and top, values. */
  min: number;
  max: number;
  ticks: number[];
  /** Per run: the bar from zero to its value, as 0..1 of the plot height from the bottom (null: no value). */
  bars: ({ from: number; to: number } | null)[];
}

/** A round step (1, 2 or 5 times a power of ten) giving about `count` intervals. */
export function roundStep(span: number, count = 4): number {
  if (!(span > 0) || !Number.isFinite(span)) {
    return 1;
  }
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find(m => m * power >= raw) ?? 10;
  return unit * power;
}

export function barChart(values: readonly (number | null)[]): IBarChart {
  const known = values.filter((v): v is number => v !== null);
  const low = Math.min(0, ...known);
  const high = Math.max(0, ...known);
  const step = roundStep(high - low || Math.abs(high) || 1);
  const min = Math.floor(low / step) * step;
  const max = Math.max(Math.ceil(high / step) * step, min + step);
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 1e6; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  const at = (v: number) => (v - min) / (max - min);
  return {
    min,
    max,
    ticks,
    bars: values.map(v =>
      v === null ? null : { from: at(Math.min(0, v)), to: at(Math.max(0, v)) }
    )
  };
}

/** Runs get one of four colours (`data-run` in compare.css), then again. */
export const RUN_COLOURS = 4;

export function runSlot(index: number): number {
  return index % RUN_COLOURS;
}
