/**
 * A step name is kept as written (API, UI, logs, store) and is either a
 * Kubernetes DNS-1123 label (`load-data`) or a Kale step name (`load_data`,
 * Kale's grammar `^[_a-z][_a-z0-9]*$`), so that notebooks tagged for Kale
 * compile unchanged. Kubernetes objects and labels get the name from
 * `stepKubernetesName`, which is always a DNS-1123 label.
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
 * The DNS-1123 label a step's Kubernetes objects and labels are named from:
 * `_` becomes `-` and dashes at either end go (`_load_data` -> `load-data`).
 * A DNS-1123 step name is its own Kubernetes name.
 */
export function stepKubernetesName(name: string): string {
  return name.replace(/_/g, '-').replace(/^-+|-+$/g, '') || 'step';
}

/** Groups of two or more step names that share one Kubernetes name, by that name. */
export function kubernetesNameClashes(
  names: readonly string[]
): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const kube = stepKubernetesName(name);
    byName.set(kube, [...(byName.get(kube) ?? []), name]);
  }
  return new Map([...byName].filter(([, group]) => group.length > 1));
}
