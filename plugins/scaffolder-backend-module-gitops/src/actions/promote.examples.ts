import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown on the scaffolder's action documentation page. */
export const examples: TemplateExample[] = [
  {
    description:
      'Promote the digest running in the previous environment (dev) to staging',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:promote',
          id: 'promote',
          name: 'Promote to staging',
          input: {
            entityRef: 'component:default/gateway',
            to: 'staging',
          },
        },
      ],
    }),
  },
  {
    description:
      'Promote from an explicit source environment, with values from the form',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:promote',
          id: 'promote',
          name: 'Promote',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            from: 'staging',
            to: '${{ parameters.environment }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Promotion pull request',
            url: '${{ steps.promote.output.pullRequestUrl }}',
          },
        ],
      },
    }),
  },
];
