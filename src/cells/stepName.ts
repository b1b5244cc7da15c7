/**
 * Step names become Kubernetes object names and labels (`cellpipe.io/step`),
 * so they follow the DNS-1123 label rules: the strictest place they end up.
 */
export const STEP_NAME_MAX_LENGTH = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The reason a step name is invalid, or `null` when it is valid. */
export function stepNameProblem(name: string): string | null {
  if (name.length === 0) {
    return 'A step name cannot be empty.';
  }
  if (name.length > STEP_NAME_MAX_LENGTH) {
    return `A step name can have at most ${STEP_NAME_MAX_LENGTH} characters (this one has ${name.length}).`;
  }
  if (/[A-Z]/.test(name)) {
    return `"${name}" has upper-case letters: use lower case, e.g. "${suggestStepName(name)}".`;
  }
  if (!/^[a-z0-9-]*$/.test(name)) {
    const bad = [...new Set(name.replace(/[a-z0-9-]/g, ''))].join(' ');
    return `"${name}" has characters a step name cannot use (${bad}): use lower-case letters, digits and "-", e.g. "${suggestStepName(name)}".`;
  }
  if (!DNS1123_LABEL.test(name)) {
    return `"${name}" must start and end with a letter or digit.`;
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
