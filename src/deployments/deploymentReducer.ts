import type { IDeployment, IEventEnvelope } from '../tokens';

/** Any event the server sends (run events pass through unchanged). */
type ServerEvent = IEventEnvelope['event'];

/** Newest first, as the server lists them (ties: by name, so the order is stable). */
export function byNewest(a: IDeployment, b: IDeployment): number {
  if (a.createdAt !== b.createdAt) {
    return a.createdAt < b.createdAt ? 1 : -1;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Puts `deployment` in the list: replaces the one of that name, else adds it in order. */
export function upsertDeployment(
  list: readonly IDeployment[],
  deployment: IDeployment
): IDeployment[] {
  const index = list.findIndex(d => d.name === deployment.name);
  if (index >= 0) {
    const next = [...list];
    next[index] = deployment;
    return next;
  }
  return [...list, deployment].sort(byNewest);
}

/**
 * Applies one event of the `deployments` channel to the list (newest
 * first). Idempotent, so a replayed event changes nothing: every created or
 * updated event carries the whole deployment and replaces the one of that
 * name (or adds it, when its `created` was missed); deleting a name that is
 * not there is a no-op. Returns the same array when nothing changed.
 */
export function applyDeploymentEvent(
  list: readonly IDeployment[],
  event: ServerEvent
): readonly IDeployment[] {
  switch (event.type) {
    case 'deployment.created':
    case 'deployment.updated':
      return upsertDeployment(list, event.deployment);
    case 'deployment.deleted':
      return list.some(d => d.name === event.name)
        ? list.filter(d => d.name !== event.name)
        : list;
    default:
      return list;
  }
}
