/**
 * Step names end up as Kubernetes object names and label values
 * (`cellpipe.io/step`), so they follow the strictest rule among those: a
 * DNS-1123 label. The server's rule (`server/src/spec/stepName.ts`), here for
 * instant feedback in the name prompt; both say it in the same words, which
 * the shared cases in `server/src/notebook/cellMarks.cases.json` check.
 */
export const STEP_NAME_MAX_LENGTH = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a valid step name, or null when it is. */
export function stepNameProblem(name: string): string | null {
  if (name.length === 0) {
    return 'a step name cannot be empty';
  }
  if (name.length > STEP_NAME_MAX_LENGTH) {
    return `a step name can have at most ${STEP_NAME_MAX_LENGTH} characters (this one has ${name.length})`;
  }
  if (!DNS1123_LABEL.test(name)) {
    return `"${name}" is not a valid step name: use lower-case letters, digits and "-", starting and ending with a letter or digit (a Kubernetes DNS-1123 label)`;
  }
  return null;
}

/**
 * A valid name close to what the person typed ("Train Model" -> "train-model"),
 * offered as the corrected value when they typed an invalid one.
 */
export function suggestStepName(input: string): string {
  const slug = input
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, STEP_NAME_MAX_LENGTH)
    .replace(/-+$/g, '');
  return slug || 'step';
}
