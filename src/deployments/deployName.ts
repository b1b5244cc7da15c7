/**
 * The deployment name the dialog suggests. The server decides what is
 * valid and says so; this only proposes a name it will accept: a
 * DNS-1035 label (lowercase letters, digits and `-`, starting with a
 * letter, not ending with `-`) of at most 45 characters, not taken yet.
 */

export const MAX_NAME_LENGTH = 45;

/** `Iris Train_v2` → `iris-train-v2`: lowercase letters, digits and single dashes. */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function cut(text: string, length: number): string {
  return text.slice(0, Math.max(0, length)).replace(/-+$/, '');
}

/** The notebook's file name without folders and `.ipynb`. */
function notebookStem(path: string | null): string {
  return (path ?? '')
    .split('/')
    .pop()!
    .replace(/\.ipynb$/i, '');
}

/** `<notebook>-<artifact>`, shortened from the notebook's side so the artifact stays readable. */
function baseName(notebookPath: string | null, artifact: string): string {
  const model = cut(slug(artifact), MAX_NAME_LENGTH);
  const notebook = slug(notebookStem(notebookPath));
  if (!notebook || notebook === model || notebook.endsWith(`-${model}`)) {
    return cut(notebook || model, MAX_NAME_LENGTH);
  }
  if (!model) {
    return cut(notebook, MAX_NAME_LENGTH);
  }
  const room = MAX_NAME_LENGTH - model.length - 1;
  const head = cut(notebook, room);
  return head ? `${head}-${model}` : model;
}

/**
 * A name for serving `artifact` of a run of `notebookPath`:
 * `iris.ipynb` + `model` → `iris-model`; `-2`, `-3`… when taken.
 */
export function defaultDeploymentName(
  notebookPath: string | null,
  artifact: string,
  taken: ReadonlySet<string> = new Set()
): string {
  let base = baseName(notebookPath, artifact) || 'model';
  if (!/^[a-z]/.test(base)) {
    base = cut(`model-${base}`, MAX_NAME_LENGTH);
  }
  let name = base;
  for (let n = 2; taken.has(name); n++) {
    const suffix = `-${n}`;
    name = `${cut(base, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
  }
  return name;
}
