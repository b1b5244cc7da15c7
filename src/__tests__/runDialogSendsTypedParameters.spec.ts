import type { IParameter, ParameterType } from '../api/wire';
import {
  defaultTarget,
  fieldKind,
  initialRaw,
  parseParameter,
  parseParameters,
  type RawValue
} from '../pipelines/runDialogForm';

function param(name: string, type: ParameterType, value: unknown): IParameter {
  return { name, type, default: value, value };
}

describe('run dialog parameter inputs', () => {
  it.each<[ParameterType, string]>([
    ['int', 'number'],
    ['float', 'number'],
    ['bool', 'checkbox'],
    ['str', 'text'],
    ['list', 'json'],
    ['dict', 'json'],
    ['none', 'json']
  ])('a %s parameter gets a %s input', (type, kind) => {
    expect(fieldKind(type)).toBe(kind);
  });

  it.each<[ParameterType, unknown, RawValue]>([
    ['int', 3, '3'],
    ['float', 0.1, '0.1'],
    ['bool', true, true],
    ['str', 'adam', 'adam'],
    ['list', [64, 32], '[64,32]'],
    ['dict', { a: 1 }, '{"a":1}'],
    ['none', null, '']
  ])('a %s parameter is prefilled from %p', (type, value, raw) => {
    expect(initialRaw(type, value)).toEqual(raw);
  });

  it.each<[ParameterType, RawValue, unknown]>([
    ['int', '42', 42],
    ['int', ' -7 ', -7],
    ['int', '1_000', 1000],
    ['float', '0.25', 0.25],
    ['float', '1e-3', 0.001],
    ['float', '3', 3],
    ['bool', false, false],
    ['bool', 'True', true],
    ['str', ' spaced ', ' spaced '],
    ['str', '', ''],
    ['list', '[1, "a"]', [1, 'a']],
    ['dict', '{"k": [1]}', { k: [1] }],
    ['none', '', null],
    ['none', '5', 5]
  ])('%s input %p is sent as %p', (type, raw, value) => {
    expect(parseParameter(type, raw)).toEqual({ ok: true, value });
  });

  it.each<[ParameterType, RawValue, RegExp]>([
    ['int', '1.5', /whole number/],
    ['int', '', /whole number/],
    ['int', '99999999999999999999', /too large/],
    ['float', 'abc', /a number/],
    ['float', '', /a number/],
    ['float', 'Infinity', /a number/],
    ['bool', 'yes', /true or false/],
    ['list', '{"a": 1}', /JSON array/],
    ['list', '[1,', /valid JSON \(/],
    ['dict', '[1]', /JSON object/],
    ['none', '{', /valid JSON \(/],
    ['int', true, /expected text/]
  ])('%s input %p is refused', (type, raw, reason) => {
    const result = parseParameter(type, raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(reason);
  });

  it('parses a whole form, naming each bad input', () => {
    const params = [
      param('lr', 'float', 0.1),
      param('epochs', 'int', 5),
      param('layers', 'list', [64])
    ];
    expect(parseParameters(params, { lr: '0.2', epochs: 'x' })).toEqual({
      values: { lr: 0.2, layers: [64] },
      errors: { epochs: 'epochs must be a whole number, e.g. 10' }
    });
  });
});

describe('run dialog target', () => {
  const executors = [
    { name: 'local', available: true },
    { name: 'kubernetes', available: false, reason: 'no cluster' }
  ];

  it('prefers the setting, then the server default, then any usable target', () => {
    expect(defaultTarget(executors, 'local', 'kubernetes')).toBe('local');
    expect(defaultTarget(executors, 'kubernetes', 'local')).toBe('local');
    expect(
      defaultTarget([{ name: 'kubernetes', available: true }], 'local', 'local')
    ).toBe('kubernetes');
    expect(defaultTarget([], 'local', 'x')).toBe('local');
  });
});
