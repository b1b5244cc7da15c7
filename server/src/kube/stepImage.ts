import type { IStepProperties } from '../contract/wire.js';
import { DEFAULT_STEP_IMAGE } from './kubernetesOptions.js';

/** An image and why it was chosen, in words ("CELLPIPE_STEP_IMAGE", "from the notebook pod ns/name"). */
export interface IImageChoice {
  image: string;
  source: string;
}

/** The server's own pod and the image of its chosen container (ownPodImage.ts reads it). */
export interface IOwnPodImage {
  /** `namespace/name` */
  pod: string;
  container: string;
  image: string;
}

/** What the target knows before it sees a pipeline. */
export interface ITargetImageInputs {
  /** `--image` (the CLI flag or the server option). */
  flag?: string;
  /** `$CELLPIPE_STEP_IMAGE`. */
  env?: string;
  /** The pod the server runs in, when it runs in one and its pod could be read. */
  ownPod?: IOwnPodImage | null;
}

/**
 * The image of steps that name none: the setting (`--image`, then
 * `CELLPIPE_STEP_IMAGE`), else the image of the pod the server runs in (so
 * steps see the notebook's own packages, as Kale does), else python:3.11-slim.
 */
export function targetImage(inputs: ITargetImageInputs): IImageChoice {
  if (inputs.flag) {
    return { image: inputs.flag, source: '--image' };
  }
  if (inputs.env) {
    return { image: inputs.env, source: 'CELLPIPE_STEP_IMAGE' };
  }
  if (inputs.ownPod) {
    return {
      image: inputs.ownPod.image,
      source: `from the notebook pod ${inputs.ownPod.pod}`
    };
  }
  return { image: DEFAULT_STEP_IMAGE, source: 'default' };
}

/**
 * One step's image: its own `runtime_image`, else the pipeline's default
 * (Cellpipe's defaults, Kale's `base_image`), else the target's. The
 * compiled properties hold the merged value, so an image equal to the
 * pipeline default is said to come from it.
 */
export function stepImage(
  properties: Pick<IStepProperties, 'runtime_image'>,
  pipelineDefault: string | undefined,
  target: IImageChoice
): IImageChoice {
  const own = properties.runtime_image;
  if (own === undefined) {
    return target;
  }
  return own === pipelineDefault
    ? { image: own, source: 'pipeline default runtime_image' }
    : { image: own, source: 'step setting runtime_image' };
}

/** Every step's image by step name, in the compile's step order. */
export function stepImages(
  compiled: {
    steps: ReadonlyArray<{ name: string; properties: IStepProperties }>;
    defaults?: IStepProperties;
  },
  target: IImageChoice
): Record<string, IImageChoice> {
  const pipelineDefault = compiled.defaults?.runtime_image;
  return Object.fromEntries(
    compiled.steps.map(s => [
      s.name,
      stepImage(s.properties, pipelineDefault, target)
    ])
  );
}
