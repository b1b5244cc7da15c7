import { InputDialog } from '@jupyterlab/apputils';

import { stepNameProblem, suggestStepName } from './stepName';

/**
 * Asks for a step name until it is valid or the person cancels. An invalid
 * name is not silently fixed: the dialog comes back with the reason and a
 * corrected suggestion, so the person sees what the name will be; a name
 * that `clash` refuses (it would merge with a step elsewhere) comes back
 * with its reason.
 */
export async function askStepName(
  initial: string,
  clash: (name: string) => string | null = () => null
): Promise<string | null> {
  let value = initial;
  let problem: string | null = null;
  for (;;) {
    const result = await InputDialog.getText({
      title: 'Make pipeline step',
      label: problem
        ? `${sentence(problem)} Step name:`
        : 'Step name (lower-case letters, digits and "-", or "_" as in Kale):',
      text: value,
      okLabel: 'Make step',
      placeholder: 'e.g. train'
    });
    if (!result.button.accept || result.value === null) {
      return null;
    }
    const typed = result.value.trim();
    problem = stepNameProblem(typed);
    if (problem === null) {
      problem = clash(typed);
      if (problem === null) {
        return typed;
      }
      value = typed;
      continue;
    }
    value = suggestStepName(typed);
  }
}

/** The server's wording as a sentence of the dialog: capital first, full stop last. */
function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
