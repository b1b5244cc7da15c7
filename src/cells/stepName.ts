/**
 * Step names are kept as written; a step's Kubernetes objects and labels get
 * a DNS-1123 name derived from it on the server. A step name is a DNS-1123
 * label (`load-data`) or a Kale step name (`load_data`). The server's rule
 * (`server/src/spec/stepName.ts`), here for instant feedback in the name
 * prompt; both say it in the same words, which the shared cases in
 * `server/src/notebook/cellMarks.cases.json` check.
 */
export const STEP_NAME_MAX_LENGTH = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KALE_STEP_NAME = /^[_a-z][_a-z0-9]*$/;

/** Why `name` is not a valid step name, or null when it is. */
export function stepNameProblem(name: string): string | null {
  if (name.length === 0) {
    return 'a step name cannot be empty';
  }
  if (name.length > STEP_NAME_MAX_LENGTH) {
    return `a step name can have at most ${STEP_NAME_MAX_LENGTH} characters (this one has ${name.length})`;
  }
  if (!DNS1123_LABEL.test(name) && !KALE_STEP_NAME.test(name)) {
    return `"${name}" is not a valid step name: use lower-case letters, digits and "-", starting and ending with a letter or digit (a Kubernetes DNS-1123 label, e.g. load-data), or lower-case letters, digits and "_", not starting with a digit (a Kale step name, e.g. load_data)`;
  }
  return null;
}

/**
 * A valid name close to what the person typed, offered as the corrected
 * value when they typed an invalid one: "Train Model" -> "train-model", and
 * in Kale's style when they wrote underscores: "Train_Model" -> "train_model".
 */
export function suggestStepName(input: string): string {
  const lower = input.toLowerCase();
  const kale = lower.includes('_') && !lower.includes('-');
  const slug = kale
    ? lower
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/_+/g, '_')
        .replace(/^[0-9_]+|_+$/g, '')
    : lower
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-+/g, '-')
        .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, STEP_NAME_MAX_LENGTH).replace(/[-_]+$/g, '');
  return cut || 'step';
}
