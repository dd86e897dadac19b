import { pinFormatOf, readPinFile, setPinDigest } from './pinFile';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const values = `# gateway in staging
replicaCount: 2   # two pods

image:
  # the digest is what promotions change
  repository: ghcr.io/acme/gateway
  digest: ${A}   # pinned by CI
  pullPolicy: IfNotPresent
resources:
  limits: { cpu: 500m,   memory: 256Mi }
list:
- a
-   b
`;

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../base/ledger
images:
  - name: ghcr.io/acme/ledger-migrations
    digest: "${A}"
  - name: ledger
    newName: ghcr.io/acme/ledger # the service image
    digest: '${A}'
`;

describe('pinFormatOf', () => {
  it('knows values and kustomization files only', () => {
    expect(pinFormatOf('envs/dev/x/values.yaml')).toBe('helm');
    expect(pinFormatOf('envs/dev/x/kustomization.yml')).toBe('kustomize');
    expect(pinFormatOf('envs/dev/x/Chart.yaml')).toBeNull();
  });
});

describe('readPinFile', () => {
  it('reads a Helm pin with its repository', () => {
    expect(
      readPinFile('v/values.yaml', values, { service: 'gateway' }),
    ).toEqual({
      format: 'helm',
      path: 'v/values.yaml',
      repository: 'ghcr.io/acme/gateway',
      digest: A,
    });
  });

  it('reads the service entry of a Kustomize overlay', () => {
    expect(
      readPinFile('k/kustomization.yaml', kustomization, { service: 'ledger' }),
    ).toEqual({
      format: 'kustomize',
      path: 'k/kustomization.yaml',
      repository: 'ghcr.io/acme/ledger',
      digest: A,
    });
  });

  it('picks the Kustomize entry of an explicit image', () => {
    const pin = readPinFile('k/kustomization.yaml', kustomization, {
      service: 'ledger',
      image: 'ghcr.io/acme/ledger-migrations',
    });
    expect(pin.repository).toBe('ghcr.io/acme/ledger-migrations');
  });

  it('treats an empty pin as nothing pinned yet', () => {
    const pin = readPinFile(
      'values.yaml',
      'image:\n  repository: r\n  digest: ""\n',
      { service: 's' },
    );
    expect(pin.digest).toBeNull();
  });

  it.each([
    ['a missing pin', 'image:\n  repository: r\n', /has no image.digest pin/],
    [
      'a pin under another key',
      `gateway:\n  image:\n    repository: r\n    digest: ${A}\n`,
      /has a digest under gateway\.image\.digest/,
    ],
    [
      'an alias on the pin path',
      `base: &img\n  repository: r\n  digest: ${A}\nimage: *img\n`,
      /image is a YAML alias/,
    ],
    [
      'an anchored digest',
      `image:\n  repository: r\n  digest: &d ${A}\nother: *d\n`,
      /anchor &d/,
    ],
    [
      'duplicate keys',
      `image:\n  repository: r\n  digest: ${A}\n  digest: ${B}\n`,
      /duplicate keys/,
    ],
    [
      'no repository beside the digest',
      `image:\n  digest: ${A}\n`,
      /no image\.repository/,
    ],
    [
      'a tag where the digest goes',
      'image:\n  repository: r\n  digest: latest\n',
      /not a sha256 digest/,
    ],
    ['several documents', `image: {}\n---\nb: 1\n`, /multiple documents/],
  ])('refuses %s, naming the file', (_name, content, message) => {
    expect(() =>
      readPinFile('envs/dev/s/values.yaml', content, { service: 's' }),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
    expect(() =>
      readPinFile('envs/dev/s/values.yaml', content, { service: 's' }),
    ).toThrow(/envs\/dev\/s\/values\.yaml/);
  });

  it('refuses a file larger than the bound', () => {
    const big = `image:\n  repository: r\n  digest: ${A}\n# ${'x'.repeat(
      300_000,
    )}\n`;
    expect(() => readPinFile('values.yaml', big, { service: 's' })).toThrow(
      /larger than/,
    );
  });

  it('refuses an ambiguous Kustomize overlay', () => {
    const content = `images:\n  - name: a\n    digest: ${A}\n  - name: b\n    digest: ${A}\n`;
    expect(() =>
      readPinFile('kustomization.yaml', content, { service: 'ledger' }),
    ).toThrow(
      /cannot tell which images\[\] entry is ledger's image among a, b/,
    );
  });
});

describe('setPinDigest', () => {
  it('changes the Helm digest and not one other byte', () => {
    const updated = setPinDigest(
      'values.yaml',
      values,
      { service: 'gateway' },
      B,
    );
    expect(updated).toBe(values.replace(`digest: ${A}`, `digest: ${B}`));
  });

  it('keeps the quoting of the Kustomize entry it changes, and only that entry', () => {
    const updated = setPinDigest(
      'kustomization.yaml',
      kustomization,
      { service: 'ledger' },
      B,
    );
    expect(updated).toBe(
      kustomization.replace(`digest: '${A}'`, `digest: '${B}'`),
    );
    expect(updated).toContain(`digest: "${A}"`);
  });

  it('fills an empty pin', () => {
    expect(
      setPinDigest(
        'values.yaml',
        'image:\n  repository: r\n  digest:\n',
        { service: 's' },
        B,
      ),
    ).toBe(`image:\n  repository: r\n  digest: ${B}\n`);
    expect(
      setPinDigest(
        'values.yaml',
        'image:\n  repository: r\n  digest: ~ # none\n',
        { service: 's' },
        B,
      ),
    ).toBe(`image:\n  repository: r\n  digest: ${B} # none\n`);
  });

  it('keeps Windows line endings', () => {
    const crlf = `image:\r\n  repository: r\r\n  digest: ${A}\r\n`;
    expect(setPinDigest('values.yaml', crlf, { service: 's' }, B)).toBe(
      crlf.replace(A, B),
    );
  });

  it('refuses a block scalar and an invalid digest', () => {
    expect(() =>
      setPinDigest(
        'values.yaml',
        `image:\n  repository: r\n  digest: |\n    ${A}\n`,
        { service: 's' },
        B,
      ),
    ).toThrow(/block scalar/);
    expect(() =>
      setPinDigest('values.yaml', values, { service: 's' }, 'sha256:abc'),
    ).toThrow(/Invalid digest/);
  });
});
