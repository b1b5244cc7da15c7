import type { ConnectionState } from '../api/handshake';
import type { IClusterPermission, IClusterStatus } from '../api/wire';
import type { IClusterView } from '../cluster/ClusterModel';
import {
  clusterRunWarning,
  offersKubernetes,
  summarizeCluster
} from '../cluster/clusterSummary';
import { clusterStatus } from './clusterFixtures';

function view(
  status: IClusterStatus | null,
  extra: Partial<IClusterView> = {}
) {
  return { status, error: null, loading: false, ...extra };
}

function denied(
  verb: string,
  resource: string,
  reason = ''
): IClusterPermission {
  return { verb, resource, allowed: false, reason };
}

describe('the Kubernetes status line in words', () => {
  it('is green with version and namespace when the server says it can run', () => {
    expect(summarizeCluster(view(clusterStatus()))).toEqual({
      tone: 'ready',
      headline: 'Kubernetes ready',
      facts: ['v1.36.3', 'namespace ml'],
      issues: []
    });
  });

  it('is green with artifacts in a bucket, where no claim is needed', () => {
    const summary = summarizeCluster(
      view(clusterStatus({ artifacts: 'bucket', artifactsClaim: null }))
    );
    expect(summary.tone).toBe('ready');
    expect(summary.issues).toEqual([]);
  });

  it('is amber without the claim when artifacts go through it', () => {
    const summary = summarizeCluster(
      view(clusterStatus({ artifacts: 'claim', artifactsClaim: null }))
    );
    expect(summary.tone).toBe('degraded');
    expect(summary.issues).toEqual(['no artifacts claim in namespace ml']);
  });

  it('is amber and names each denied permission in the namespace', () => {
    const summary = summarizeCluster(
      view(
        clusterStatus({
          canRun: false,
          permissions: [
            { verb: 'get', resource: 'pods', allowed: true, reason: '' },
            denied('create', 'jobs.batch'),
            denied('get', 'pods/log', 'RBAC: no rule')
          ]
        })
      )
    );
    expect(summary.tone).toBe('degraded');
    expect(summary.issues).toEqual([
      'cannot create jobs.batch in namespace ml',
      'cannot get pods/log in namespace ml (RBAC: no rule)'
    ]);
  });

  it("puts the server's reason first and does not repeat it", () => {
    const summary = summarizeCluster(
      view(
        clusterStatus({
          canRun: false,
          reason: 'cannot create jobs.batch in namespace ml',
          permissions: [denied('create', 'jobs.batch')]
        })
      )
    );
    expect(summary.issues).toEqual([
      'cannot create jobs.batch in namespace ml'
    ]);
  });

  it.each<[IClusterStatus['artifactsClaim'], string]>([
    [null, 'no artifacts claim in namespace ml'],
    [
      { name: 'cellpipe-artifacts', phase: 'Pending' },
      'artifacts claim cellpipe-artifacts is Pending, not Bound'
    ],
    [
      { name: 'cellpipe-artifacts', phase: null },
      'artifacts claim cellpipe-artifacts is in no phase yet, not Bound'
    ]
  ])('is amber while the artifacts claim is %p', (artifactsClaim, issue) => {
    const summary = summarizeCluster(view(clusterStatus({ artifactsClaim })));
    expect(summary.tone).toBe('degraded');
    expect(summary.issues).toEqual([issue]);
  });

  it('is red when unreachable, with the server reason', () => {
    const summary = summarizeCluster(
      view(
        clusterStatus({
          reachable: false,
          canRun: false,
          version: null,
          reason: 'connect ECONNREFUSED 127.0.0.1:6443'
        })
      )
    );
    expect(summary).toEqual({
      tone: 'down',
      headline: 'Kubernetes unreachable',
      facts: ['namespace ml'],
      issues: ['connect ECONNREFUSED 127.0.0.1:6443']
    });
  });

  it('is red when not configured, and says so without a server reason', () => {
    const summary = summarizeCluster(
      view(
        clusterStatus({
          configured: false,
          reachable: false,
          canRun: false,
          reason: null,
          server: null,
          version: null
        })
      )
    );
    expect(summary.tone).toBe('down');
    expect(summary.headline).toBe('Kubernetes not configured');
    expect(summary.issues).toEqual([
      'no kubeconfig or in-cluster configuration found'
    ]);
  });

  it('is grey while checking, and when the server could not be asked', () => {
    expect(summarizeCluster(view(null, { loading: true })).tone).toBe(
      'unknown'
    );
    const failed = summarizeCluster(view(null, { error: 'HTTP 502' }));
    expect(failed.tone).toBe('unknown');
    expect(failed.headline).toBe('Kubernetes status unavailable');
    expect(failed.issues).toEqual(['HTTP 502']);
  });

  it('keeps the last answer on screen while a refresh is in flight', () => {
    expect(
      summarizeCluster(view(clusterStatus(), { loading: true })).tone
    ).toBe('ready');
  });
});

describe('the run dialog warning for the kubernetes target', () => {
  it('is absent when the server says it can run, or has not answered', () => {
    expect(clusterRunWarning(clusterStatus())).toBeNull();
    expect(clusterRunWarning(null)).toBeNull();
  });

  it("carries the server's reason, else the denied permissions", () => {
    expect(
      clusterRunWarning(clusterStatus({ canRun: false, reason: 'no access' }))
    ).toMatch(/yet: no access\. The server will refuse/);
    expect(
      clusterRunWarning(
        clusterStatus({
          canRun: false,
          permissions: [denied('create', 'jobs.batch')]
        })
      )
    ).toMatch(/cannot create jobs\.batch in namespace ml/);
  });
});

describe('when the panel shows the Kubernetes line', () => {
  const connected = (names: string[]): ConnectionState => ({
    status: 'connected',
    server: 'http://x/',
    info: {
      name: 'cellpipe',
      version: '0.1.0',
      apiVersion: 1,
      defaultTarget: 'local',
      deployTargets: ['local'],
      runtime: { node: '24.19.0', serverDir: '/srv', entry: '/srv/x.mjs' },
      executors: names.map(name => ({ name, available: name === 'local' }))
    }
  });

  it('only when the connected server lists a kubernetes executor', () => {
    expect(offersKubernetes(connected(['local', 'kubernetes']))).toBe(true);
    expect(offersKubernetes(connected(['local']))).toBe(false);
    expect(
      offersKubernetes({ status: 'connecting', server: 'http://x/' })
    ).toBe(false);
  });
});
