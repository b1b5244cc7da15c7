import {
  cellRole,
  findParameterCell,
  IParameterCell,
  parameterText,
  rewriteParameter
} from '../panel/parameterLines';

describe('rewriting a parameter assignment line', () => {
  it.each([
    ['lr = 0.1\nepochs = 10\n', 'lr', '0.2', 'lr = 0.2\nepochs = 10\n'],
    ['lr=0.1', 'lr', '0.5', 'lr=0.5'],
    ['lr = 0.1  # learning rate', 'lr', '0.3', 'lr = 0.3  # learning rate'],
    ['lr: float = 0.1', 'lr', '1e-3', 'lr: float = 1e-3'],
    ["name = 'a # b'  # c", 'name', "'x'", "name = 'x'  # c"],
    [
      'layers = [64,\n          32]\nseed = 1',
      'layers',
      '[8]',
      'layers = [8]\nseed = 1'
    ],
    ['cfg = {"a": 1,  # one\n       "b": 2}\n', 'cfg', '{}', 'cfg = {}\n'],
    ['s = """x\ny"""\nn = 1', 's', "'z'", "s = 'z'\nn = 1"],
    ['n = 1 + \\\n    2\nm = 3', 'n', '5', 'n = 5\nm = 3'],
    ['epochs = 10\nlr = 0.1', 'lr', ' 0.7 ', 'epochs = 10\nlr = 0.7']
  ])('in %p sets %s to %p', (source, name, value, expected) => {
    expect(rewriteParameter(source, name, value)).toBe(expected);
  });

  it.each([
    ['lr == 0.1', 'lr'],
    ['    lr = 0.1', 'lr'],
    ['lrate = 0.1', 'lr'],
    ['x = 1', 'lr']
  ])('finds no assignment of %s in %p', (source, name) => {
    expect(rewriteParameter(source, name, '1')).toBeNull();
  });

  it('treats the name literally, not as a pattern', () => {
    expect(rewriteParameter('a_b = 1\naxb = 2', 'a_b', '3')).toBe(
      'a_b = 3\naxb = 2'
    );
  });

  it('writes values as Python literals', () => {
    expect(parameterText(0.1)).toBe('0.1');
    expect(parameterText("it's")).toBe('"it\'s"');
    expect(parameterText(true)).toBe('True');
    expect(parameterText(null)).toBe('None');
    expect(parameterText([1, 'a', false])).toBe("[1, 'a', False]");
    expect(parameterText({ k: [1] })).toBe("{'k': [1]}");
  });
});

function code(source: string, metadata: Record<string, unknown> = {}) {
  return { cell_type: 'code', source, metadata } as IParameterCell;
}

describe('finding the parameters cell that assigns a name', () => {
  it('finds the cell marked with Cellpipe metadata', () => {
    const cells = [
      code('lr = 5', { cellpipe: { step: 'train' } }),
      code('lr = 0.1', { cellpipe: { parameters: true } })
    ];
    expect(findParameterCell(cells, 'lr')).toBe(1);
  });

  it('finds Kale and papermill tags, and unmarked cells that continue them', () => {
    const cells = [
      code('import numpy', { tags: ['imports'] }),
      code('lr = 0.1', { tags: ['pipeline-parameters'] }),
      { cell_type: 'markdown', source: 'epochs = 1', metadata: {} },
      code('epochs = 10'),
      code('epochs = 99', { tags: ['block:train'] }),
      code('seed = 1', { tags: ['parameters'] })
    ];
    expect(findParameterCell(cells, 'lr')).toBe(1);
    expect(findParameterCell(cells, 'epochs')).toBe(3);
    expect(findParameterCell(cells, 'seed')).toBe(5);
    expect(findParameterCell(cells, 'missing')).toBeNull();
  });

  it('tells the roles of cells apart', () => {
    expect(cellRole(code('', { cellpipe: { parameters: true } }))).toBe(
      'parameters'
    );
    expect(cellRole(code('', { tags: ['step:a'] }))).toBe('other');
    expect(cellRole(code('', { cellpipe: { skip: true } }))).toBe('other');
    expect(cellRole(code(''))).toBeNull();
  });
});
