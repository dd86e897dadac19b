import {
  parseHelmValues,
  parseKustomization,
  servicesOfApplicationSet,
} from './DesiredStateReader';

const digest = `sha256:${'b'.repeat(64)}`;

describe('desired state parsing', () => {
  it('reads services from list generators, also nested in a matrix', () => {
    expect(
      servicesOfApplicationSet(`
spec:
  generators:
    - list:
        elements:
          - service: gateway
          - service: ledger
`),
    ).toEqual(['gateway', 'ledger']);
    expect(
      servicesOfApplicationSet(`
spec:
  generators:
    - matrix:
        generators:
          - list: { elements: [{ service: web }] }
          - list: { elements: [{ environment: dev }] }
`),
    ).toEqual(['web']);
    expect(() => servicesOfApplicationSet('spec: [')).toThrow();
  });

  it('reads Helm values and Kustomize overlays', () => {
    expect(
      parseHelmValues(
        `replicaCount: 3\nimage:\n  repository: ghcr.io/acme/x\n  digest: ${digest}\nrollout:\n  strategy: blueGreen\n`,
        'x',
      ),
    ).toEqual({
      digest,
      replicas: 3,
      strategy: 'blueGreen',
      imageRepository: 'ghcr.io/acme/x',
    });
    expect(parseHelmValues('image: {}\n', 'x')).toEqual({
      digest: null,
      replicas: 1,
      strategy: 'canary',
      imageRepository: 'ghcr.io/acme/x',
    });
    expect(
      parseKustomization(
        `replicas:\n  - name: ledger\n    count: 4\nimages:\n  - name: ghcr.io/acme/ledger\n    digest: ${digest}\n`,
        'ledger',
      ),
    ).toEqual({
      digest,
      replicas: 4,
      strategy: 'rolling',
      imageRepository: 'ghcr.io/acme/ledger',
    });
  });
});
