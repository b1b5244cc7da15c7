import type { ICompiledStep } from '../api/wire';
import { stepImageRows } from '../pipelines/runDialogForm';

function step(name: string, runtime_image?: string): ICompiledStep {
  return {
    name,
    cells: [],
    inputs: [],
    outputs: [],
    after: [],
    dependsOn: [],
    metrics: [],
    parameters: [],
    properties: runtime_image ? { runtime_image } : {},
    programHash: name
  };
}

describe('the run dialog on Kubernetes', () => {
  const target = {
    image: 'quay.io/jupyter/scipy-notebook@sha256:abc',
    source: 'from the notebook pod team/jupyter-ada'
  };

  it('says which image each step gets, and why', () => {
    const rows = stepImageRows(
      {
        steps: [step('load', 'kale:2'), step('train', 'gpu:1'), step('report')],
        defaults: { runtime_image: 'kale:2' }
      },
      target
    );
    expect(rows).toEqual([
      {
        step: 'load',
        image: 'kale:2',
        source: 'pipeline default runtime_image'
      },
      { step: 'train', image: 'gpu:1', source: 'step setting runtime_image' },
      { step: 'report', ...target }
    ]);
  });

  it('shows nothing until the cluster said its default image', () => {
    expect(stepImageRows({ steps: [step('load')] }, undefined)).toEqual([]);
    expect(stepImageRows(null, target)).toEqual([]);
  });
});
