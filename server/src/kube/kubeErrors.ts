import { ApiException } from '@kubernetes/client-node';

/** Answers that say "later", not "no": retried like an unreachable server. */
const BUSY: Record<number, string | undefined> = {
  429: 'asks to slow down',
  502: 'is not reachable through its proxy',
  503: 'is not ready',
  504: 'timed out'
};

/** A Kubernetes API failure in words; `unreachable` ones are worth retrying. */
export interface IKubeFailure {
  unreachable: boolean;
  /** HTTP status, when the API server answered. */
  status: number | null;
  message: string;
}

/**
 * The API server's own message names the verb, the resource and the
 * namespace (403), the missing namespace (404) or the exceeded quota, so it
 * is kept and given a short lead-in.
 */
export function describeKubeError(err: unknown): IKubeFailure {
  if (err instanceof ApiException) {
    const status = err.code;
    const message = statusMessage(err.body) ?? err.message;
    const busy = BUSY[status];
    if (busy) {
      return {
        unreachable: true,
        status,
        message: `the Kubernetes API server ${busy} (${status}): ${message}`
      };
    }
    const lead =
      status === 403
        ? /exceeded quota/i.test(message)
          ? 'the namespace quota is exceeded'
          : 'not allowed'
        : status === 404
          ? 'not found'
          : status === 401
            ? 'the cluster did not accept the credentials'
            : `the Kubernetes API refused the request (${status})`;
    return { unreachable: false, status, message: `${lead}: ${message}` };
  }
  const e = err as {
    code?: unknown;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  const detail = code ?? e?.cause?.message ?? e?.message ?? String(err);
  return {
    unreachable: true,
    status: null,
    message: `cannot reach the Kubernetes API server (${detail})`
  };
}

function statusMessage(body: unknown): string | null {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() || null;
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : null;
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiException && err.code === 409;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiException && err.code === 404;
}
