import { ApiError, type IDeployment } from '../tokens';
import type { IDeployDialogOptions } from './DeployDialog';
import {
  deployRequest,
  refusedField,
  type IDeployFormState
} from './deployForm';

/*
 * Sending the deploy form (the dialog's component only draws it): the
 * request built from the form, or the server's refusal put back on it.
 */

export type Submitted =
  { deployment: IDeployment } | { refused: IDeployFormState };

/** The server's refusal as the form shows it. */
function refusal(
  state: IDeployFormState,
  err: unknown
): Pick<IDeployFormState, 'error' | 'errorField'> {
  if (err instanceof ApiError) {
    const paths = err.problems.map(p => p.path);
    const { kind, message } = err;
    return {
      error: message,
      errorField: refusedField(state, { kind, message, paths })
    };
  }
  const why = err instanceof Error ? err.message : String(err);
  return {
    error: `The Cellpipe server could not be asked: ${why}`,
    errorField: null
  };
}

/** Sends the form; the form with the refusal (the server's message) when refused. */
export async function submitForm(
  options: IDeployDialogOptions,
  state: IDeployFormState
): Promise<Submitted> {
  const built = deployRequest(state, options.choices);
  if (!built.ok) {
    return {
      refused: { ...state, error: built.error, errorField: built.field }
    };
  }
  try {
    return { deployment: await options.submit(built.request) };
  } catch (err) {
    return { refused: { ...state, ...refusal(state, err) } };
  }
}
