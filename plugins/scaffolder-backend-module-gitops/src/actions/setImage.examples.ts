import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown on the scaffolder's action documentation page. */
export const examples: TemplateExample[] = [
  {
    description:
      'Pin a freshly built and signed image digest in dev (what a release template or CI does)',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:set-image',
          id: 'pin',
          name: 'Pin the new digest in dev',
          input: {
            service: 'gateway',
            environment: 'dev',
            digest:
              'sha256:9b1e3f5a7c9d1b3e5f7a9c1d3e5f7b9d1a3c5e7f9b1d3a5c7e9f1b3d5a7c9e1f',
          },
        },
      ],
    }),
  },
  {
    description:
      'Pin a digest and switch the image repository (e.g. after moving registries)',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:set-image',
          id: 'pin',
          name: 'Pin the digest',
          input: {
            service: 'ledger',
            environment: 'staging',
            image: 'ghcr.io/acme/ledger',
            digest:
              'sha256:0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e',
          },
        },
      ],
    }),
  },
];
