import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { proxyFailureInWords, serviceProxyPath } from './serviceProxy.js';

const WHERE = { namespace: 'ml', service: 'churn' };

describe("the API server's service proxy", () => {
  test('the path: namespace, service and port, then the endpoint’s path as it is', () => {
    assert.equal(
      serviceProxyPath({
        ...WHERE,
        port: 80,
        path: '/v1/models/churn:predict'
      }),
      '/api/v1/namespaces/ml/services/churn:80/proxy/v1/models/churn:predict'
    );
    assert.equal(
      serviceProxyPath({ ...WHERE, port: 8080, path: 'v2/health/ready' }),
      '/api/v1/namespaces/ml/services/churn:8080/proxy/v2/health/ready'
    );
  });

  test("the API server's own refusals in words", () => {
    assert.equal(
      proxyFailureInWords(
        403,
        {
          message:
            'services "churn" is forbidden: User "u" cannot create resource "services/proxy" in API group "" in the namespace "ml"'
        },
        WHERE
      ),
      'not allowed to send requests through the API server\'s service proxy: services "churn" is forbidden: User "u" cannot create resource "services/proxy" in API group "" in the namespace "ml"'
    );
    assert.equal(
      proxyFailureInWords(
        503,
        { message: 'no endpoints available for service "churn:80"' },
        WHERE
      ),
      'no ready pod behind service churn in namespace ml (no endpoints available for service "churn:80")'
    );
    assert.equal(
      proxyFailureInWords(
        503,
        {
          message:
            'error trying to reach service: dial tcp 10.0.0.7:8080: connect: connection refused'
        },
        WHERE
      ),
      'the API server could not reach the model server behind service churn in namespace ml (503): error trying to reach service: dial tcp 10.0.0.7:8080: connect: connection refused'
    );
    assert.equal(
      proxyFailureInWords(
        404,
        { message: 'services "churn" not found' },
        WHERE
      ),
      'the API server found no service churn in namespace ml: services "churn" not found'
    );
  });
});
