import type { V1ResourceRequirements } from '@kubernetes/client-node';

import type { IStepProperties } from '../contract/wire.js';

/** Elyra's meaning: a bare number of memory is GB. GPUs are limits (Kubernetes requires it). */
export function resources(p: IStepProperties): V1ResourceRequirements {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (p.cpu !== undefined) {
    requests.cpu = String(p.cpu);
  }
  if (p.memory !== undefined) {
    requests.memory = memory(p.memory);
  }
  if (p.cpu_limit !== undefined) {
    limits.cpu = String(p.cpu_limit);
  }
  if (p.memory_limit !== undefined) {
    limits.memory = memory(p.memory_limit);
  }
  if (p.gpu) {
    limits[p.gpu_vendor ?? 'nvidia.com/gpu'] = String(p.gpu);
  }
  return {
    ...(Object.keys(requests).length > 0 && { requests }),
    ...(Object.keys(limits).length > 0 && { limits })
  };
}

function memory(value: string | number): string {
  return typeof value === 'number' ? `${value}G` : value;
}
