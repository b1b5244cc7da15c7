import * as z from '../spec/zodMini.js';

/** The prefix of harness event lines on a step's stdout (docs/step-programs.md). */
export const EVENT_PREFIX = '@@cellpipe ';

const Started = z.object({
  event: z.literal('started'),
  step: z.nullable(z.string()),
  pid: z.number(),
  python: z.string(),
  time: z.number()
});
const Cell = z.object({
  event: z.literal('cell'),
  index: z.number(),
  cell_id: z.string()
});
const CellDone = z.object({
  event: z.literal('cell_done'),
  index: z.number(),
  cell_id: z.string()
});
/** A rich output of the running cell: display(), the last expression, a figure. */
const Display = z.object({
  event: z.literal('display'),
  index: z.number(),
  cell_id: z.string(),
  output_type: z.enum(['display_data', 'execute_result']),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown())
});
const Metric = z.object({
  event: z.literal('metric'),
  name: z.string(),
  value: z.number(),
  step: z.optional(z.nullable(z.string()))
});
const Output = z.object({
  event: z.literal('output'),
  name: z.string(),
  type: z.string(),
  format: z.string(),
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  // model_sample.py: feature names and a training row of a joblib model.
  sample: z.optional(
    z.object({
      featureNames: z.nullable(z.array(z.string())),
      row: z.nullable(z.array(z.nullable(z.number()))),
      source: z.nullable(z.string())
    })
  )
});
const Finished = z.object({
  event: z.literal('finished'),
  duration: z.number()
});
const ErrorEvent = z.object({
  event: z.literal('error'),
  kind: z.string(),
  message: z.string(),
  cell_id: z.optional(z.string()),
  index: z.optional(z.number()),
  line: z.optional(z.nullable(z.number())),
  ename: z.optional(z.string()),
  evalue: z.optional(z.string()),
  traceback: z.optional(z.string())
});

export const StepEventSchema = z.discriminatedUnion('event', [
  Started,
  Cell,
  CellDone,
  Display,
  Metric,
  Output,
  Finished,
  ErrorEvent
]);
export type StepEvent = z.infer<typeof StepEventSchema>;

/** One line of step output: a harness event, or a line of the step's own log. */
export type StepLine =
  | { type: 'event'; event: StepEvent }
  | { type: 'log'; stream: 'stdout' | 'stderr'; line: string };

/** Classifies a stdout line; a malformed event line is kept as log, never lost. */
export function parseStdoutLine(line: string): StepLine {
  if (line.startsWith(EVENT_PREFIX)) {
    try {
      const parsed = StepEventSchema.safeParse(
        JSON.parse(line.slice(EVENT_PREFIX.length))
      );
      if (parsed.success) {
        return { type: 'event', event: parsed.data };
      }
    } catch {
      // fall through: shown as a log line
    }
  }
  return { type: 'log', stream: 'stdout', line };
}
