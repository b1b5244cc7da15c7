import type { ICompileResult, IStepImage } from '../contract/wire.js';
import type { IKubernetesOptions } from '../kube/kubernetesOptions.js';

/**
 * Which image each step gets on Kubernetes, and why: the target's default
 * (the setting, else the pod this command runs in, else python:3.11-slim)
 * under each step's and the pipeline's own. The Kubernetes client is loaded
 * only for `--target kubernetes`.
 */
export async function kubernetesImages(
  result: Pick<ICompileResult, 'steps' | 'defaults'>,
  options: IKubernetesOptions,
  warn: (message: string) => void
): Promise<Record<string, IStepImage>> {
  const [{ resolveKubeSettings }, { defaultStepImage }, { stepImages }] =
    await Promise.all([
      import('../kube/kubeSettings.js'),
      import('../kube/ownPodImage.js'),
      import('../kube/stepImage.js')
    ]);
  const settings = resolveKubeSettings(options);
  const target = await defaultStepImage(
    settings.kubeConfig,
    { flag: options.image },
    warn
  );
  return stepImages(result, target);
}

/** The images as a section of `cellpipe compile`'s text. */
export function formatImages(images: Record<string, IStepImage>): string {
  const rows = Object.entries(images);
  if (rows.length === 0) {
    return '';
  }
  const step = Math.max(...rows.map(([s]) => s.length));
  const image = Math.max(...rows.map(([, i]) => i.image.length));
  return [
    '',
    'Images (kubernetes)',
    ...rows.map(
      ([s, i]) => `  ${s.padEnd(step)}  ${i.image.padEnd(image)}  ${i.source}`
    ),
    ''
  ].join('\n');
}
