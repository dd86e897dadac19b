/** A sha256 digest made of one repeated hex character. */
export const digestOf = (hex: string) => `sha256:${hex.repeat(64)}`;

const valuesOf = (service: string, digest: string) =>
  `# ${service} values\nimage:\n  repository: ghcr.io/acme/${service}\n  digest: ${digest}\n`;

/** One broken or hostile pin file, and what the refusal must say about it. */
export interface HostileFile {
  service: string;
  /** Why the file must be refused. */
  what: string;
  content: string;
  /** What the 400's message says, besides the file's path. */
  reason: RegExp;
  /** Its pin can be read (only an edit must be refused). */
  readable?: boolean;
}

function aliasBomb(service: string): string {
  // Every level multiplies the previous by ten: fine to parse, a million nodes to expand.
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 5; i++) {
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n${valuesOf(service, digestOf('1'))}`;
}

/**
 * Pin files a GitOps repository may hold by mistake or by malice: shared anchors, aliases,
 * duplicate keys, a huge file, a missing pin, a pin under another key, an alias bomb, several
 * documents, a block scalar, broken YAML. The editor must refuse each with a 400 naming the
 * file, and write nothing.
 */
export function hostileFiles(): HostileFile[] {
  const d1 = digestOf('1');
  return [
    {
      service: 'aliased',
      what: 'the pin is an alias of an anchor',
      content: `defaults: &img\n  repository: ghcr.io/acme/aliased\n  digest: ${d1}\nimage: *img\n`,
      reason: /alias/,
    },
    {
      service: 'anchored',
      what: 'the pin carries an anchor shared elsewhere',
      content: `image: &img\n  repository: ghcr.io/acme/anchored\n  digest: ${d1}\nsidecar: *img\n`,
      reason: /anchor/,
    },
    {
      service: 'duplicated',
      what: 'duplicate keys',
      content: `image:\n  repository: ghcr.io/acme/duplicated\n  digest: ${d1}\n  digest: ${digestOf(
        '9',
      )}\n`,
      reason: /duplicate keys/,
    },
    {
      service: 'huge',
      what: 'a file of 300 KiB',
      content: `${valuesOf(
        'huge',
        d1,
      )}${'# padding padding padding padding\n'.repeat(9000)}`,
      reason: /larger than/,
    },
    {
      service: 'unpinned',
      what: 'no pin at all',
      content: `image:\n  repository: ghcr.io/acme/unpinned\n  tag: "1.0"\n`,
      reason: /no image\.digest/,
    },
    {
      service: 'misplaced',
      what: 'the pin under another key',
      content: `app:\n  image:\n    repository: ghcr.io/acme/misplaced\n    digest: ${d1}\n`,
      reason: /digest under app\.image\.digest/,
    },
    {
      service: 'bomb',
      what: 'an alias bomb (a million nodes once expanded)',
      content: aliasBomb('bomb'),
      reason: /alias/i,
      readable: true,
    },
    {
      service: 'multidoc',
      what: 'several YAML documents',
      content: `${valuesOf('multidoc', d1)}---\n${valuesOf('multidoc', d1)}`,
      reason: /multiple documents|document/i,
    },
    {
      service: 'folded',
      what: 'a block scalar pin',
      content: `image:\n  repository: ghcr.io/acme/folded\n  digest: |\n    ${d1}\n`,
      reason: /block scalar/,
    },
    {
      service: 'broken',
      what: 'broken YAML',
      content: `image:\n  repository: ghcr.io/acme/broken\n  digest: [${d1}\n`,
      reason: /not a YAML file the pin editor accepts/,
    },
  ];
}

/** The repository of a hostile world: valid dev folders, a hostile staging file per service. */
export function hostileRepositoryFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of hostileFiles()) {
    files[`envs/dev/${file.service}/values.yaml`] = valuesOf(
      file.service,
      digestOf('2'),
    );
    files[`envs/staging/${file.service}/values.yaml`] = file.content;
  }
  return files;
}
