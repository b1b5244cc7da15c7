import type { Command } from 'commander';

import type { IKubernetesOptions } from '../kube/kubernetesOptions.js';

/** The Kubernetes flags as commander hands them over (camel-cased). */
export interface IKubernetesFlags {
  kubeconfig?: string;
  namespace?: string;
  image?: string;
  artifactsClaim?: string;
}

/** Adds the flags shared by `run` and `serve`; no defaults here, the engine owns them. */
export function addKubernetesFlags(command: Command): Command {
  return command
    .option(
      '--kubeconfig <path>',
      'kubeconfig for the kubernetes target (default: $KUBECONFIG, ~/.kube/config, else in-cluster)'
    )
    .option(
      '--namespace <namespace>',
      "namespace the step Jobs run in (default: the context's, else default)"
    )
    .option(
      '--image <image>',
      'image of steps that name none (default: $CELLPIPE_STEP_IMAGE or python:3.11-slim)'
    )
    .option(
      '--artifacts-claim <name>',
      'PersistentVolumeClaim the step pods mount for artifacts (default: cellpipe-artifacts)'
    );
}

/**
 * Only the flags actually given: an absent key lets the engine apply its own default
 * (and read $KUBECONFIG), which an explicit `undefined` could shadow in a spread.
 */
export function kubernetesOptionsFrom(
  flags: IKubernetesFlags
): IKubernetesOptions {
  const options: IKubernetesOptions = {};
  for (const key of [
    'kubeconfig',
    'namespace',
    'image',
    'artifactsClaim'
  ] as const) {
    const value = flags[key]?.trim();
    if (value) {
      options[key] = value;
    }
  }
  return options;
}
