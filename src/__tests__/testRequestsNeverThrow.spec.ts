import { ApiError } from '../api/ApiError';
import type { CellpipeApi } from '../api/CellpipeApi';
import { sendTestRequest } from '../deployments/sendTestRequest';

function apiAnswering(predict: jest.Mock) {
  return { predict } as unknown as CellpipeApi;
}

describe('the send-test-request command', () => {
  it('does not send invalid JSON, and says why', async () => {
    const predict = jest.fn();
    const outcome = await sendTestRequest(apiAnswering(predict), {
      name: 'iris-model',
      protocol: 'v1',
      body: '{"instances": [[1, 2]'
    });
    expect(predict).not.toHaveBeenCalled();
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.message).toMatch(
      /^The request is not valid JSON: /
    );
  });

  it('sends the parsed body with the chosen protocol', async () => {
    const response = { protocol: 'v2', status: 200, body: {}, latencyMs: 4 };
    const predict = jest.fn(async () => response);
    const outcome = await sendTestRequest(apiAnswering(predict), {
      name: 'iris-model',
      protocol: 'v2',
      body: '{"inputs": []}'
    });
    expect(predict).toHaveBeenCalledWith('iris-model', 'v2', { inputs: [] });
    expect(outcome).toEqual({ kind: 'answer', response });
  });

  it.each([
    [
      new ApiError(409, 'not_ready', 'iris-model is not ready: loading'),
      'iris-model is not ready: loading'
    ],
    [
      new ApiError(502, 'endpoint_unreachable', 'connection refused'),
      'The endpoint did not answer: connection refused'
    ]
  ])('turns %p into words', async (error, message) => {
    const predict = jest.fn(async () => {
      throw error;
    });
    expect(
      await sendTestRequest(apiAnswering(predict), {
        name: 'iris-model',
        body: '{}'
      })
    ).toEqual({ kind: 'failed', message });
  });
});
