import {
  concreteShape,
  exampleRequest,
  exampleRequestText,
  formatJson,
  parseRequestBody,
  summarizeOutcome
} from '../deployments/testRequest';

const FOUR = [{ name: 'input-0', datatype: 'FP64', shape: [-1, 4] }];

describe('the example test request', () => {
  it('is one row of zeros in V1', () => {
    expect(exampleRequest(FOUR, 'v1')).toEqual({ instances: [[0, 0, 0, 0]] });
    expect(exampleRequestText(FOUR, 'v1')).toBe(
      '{\n  "instances": [\n    [0, 0, 0, 0]\n  ]\n}'
    );
  });

  it('is the matching [1, 4] FP64 tensor in V2', () => {
    expect(exampleRequest(FOUR, 'v2')).toEqual({
      inputs: [
        { name: 'input-0', shape: [1, 4], datatype: 'FP64', data: [0, 0, 0, 0] }
      ]
    });
    expect(JSON.parse(exampleRequestText(FOUR, 'v2'))).toEqual(
      exampleRequest(FOUR, 'v2')
    );
  });

  it('keeps the model’s own input names and datatypes, one tensor each', () => {
    const inputs = [
      { name: 'x', datatype: 'FP32', shape: [-1, 2, 3] },
      { name: 'mask', datatype: 'BOOL', shape: [-1] }
    ];
    expect(exampleRequest(inputs, 'v2')).toEqual({
      inputs: [
        {
          name: 'x',
          shape: [1, 2, 3],
          datatype: 'FP32',
          data: [0, 0, 0, 0, 0, 0]
        },
        { name: 'mask', shape: [1], datatype: 'BOOL', data: [0] }
      ]
    });
    expect(exampleRequest(inputs, 'v1')).toEqual({
      instances: [
        [
          [0, 0, 0],
          [0, 0, 0]
        ]
      ]
    });
  });

  it('is a single feature when the model did not say what it takes', () => {
    expect(exampleRequest(null, 'v1')).toEqual({ instances: [[0]] });
    expect(exampleRequest([], 'v2')).toEqual({
      inputs: [{ name: 'input-0', shape: [1, 1], datatype: 'FP64', data: [0] }]
    });
  });

  it('makes every unknown dimension one row', () => {
    expect(concreteShape([-1, 4])).toEqual([1, 4]);
    expect(concreteShape([-1, -1])).toEqual([1, 1]);
    expect(concreteShape([3, 0])).toEqual([3, 1]);
  });
});

describe('the typed request', () => {
  it('is sent when it is a JSON object', () => {
    expect(parseRequestBody('{"instances": [[1, 2]]}')).toEqual({
      ok: true,
      body: { instances: [[1, 2]] }
    });
  });

  it.each([
    ['', /empty/],
    ['  ', /empty/],
    ['{"instances": [[1, 2]]', /not valid JSON: /],
    ['[[1, 2]]', /must be a JSON object/],
    ['42', /must be a JSON object/],
    ['null', /must be a JSON object/]
  ])('%p is not sent, with a reason', (text, reason) => {
    const parsed = parseRequestBody(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(reason);
  });
});

describe('the answer', () => {
  it('shows the status, the latency and the body', () => {
    const summary = summarizeOutcome({
      kind: 'answer',
      response: {
        protocol: 'v1',
        status: 200,
        body: { predictions: [0, 1, 2] },
        latencyMs: 12.4
      }
    });
    expect(summary).toEqual({
      tone: 'ok',
      headline: 'HTTP 200 · 12 ms',
      message: null,
      body: '{\n  "predictions": [0, 1, 2]\n}'
    });
  });

  it('shows a refusal with the endpoint’s own message', () => {
    const summary = summarizeOutcome({
      kind: 'answer',
      response: {
        protocol: 'v2',
        status: 400,
        body: { error: 'expected 4 features, got 3' },
        latencyMs: 3
      }
    });
    expect(summary.tone).toBe('refused');
    expect(summary.headline).toBe('Refused: HTTP 400 · 3 ms');
    expect(summary.message).toBe('expected 4 features, got 3');
  });

  it('says why nothing was sent or answered', () => {
    expect(
      summarizeOutcome({ kind: 'invalid', message: 'The request is empty' })
    ).toEqual({
      tone: 'error',
      headline: 'The request is empty',
      message: null,
      body: null
    });
  });

  it('keeps strings as they are when it pretty-prints', () => {
    expect(formatJson({ a: ['x  y', 1] })).toBe(
      '{\n  "a": [\n    "x  y",\n    1\n  ]\n}'
    );
  });
});
