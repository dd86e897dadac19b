import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown on the scaffolder's action documentation page. */
export const examples: TemplateExample[] = [
  {
    description:
      'Roll production back to the digest it ran before the current one',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:rollback',
          id: 'rollback',
          name: 'Roll back prod',
          input: {
            entityRef: 'component:default/gateway',
            environment: 'prod',
          },
        },
      ],
    }),
  },
  {
    description: 'Roll an environment back to a digest picked from its history',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:rollback',
          id: 'rollback',
          name: 'Roll back',
          input: {
            entityRef: 'component:default/ledger',
            environment: 'staging',
            digest:
              'sha256:4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f',
          },
        },
      ],
    }),
  },
];
