import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown on the scaffolder's action documentation page. */
export const examples: TemplateExample[] = [
  {
    description:
      'Onboard a Helm service to every configured environment, without a digest yet',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:onboard-service',
          id: 'onboard',
          name: 'Onboard to GitOps',
          input: {
            service: 'payments',
            image: 'ghcr.io/acme/payments',
            format: 'helm',
          },
        },
      ],
    }),
  },
  {
    description:
      'Onboard a Kustomize service to dev and staging only, with a first digest',
    example: yaml.stringify({
      steps: [
        {
          action: 'gitops:onboard-service',
          id: 'onboard',
          name: 'Onboard to GitOps',
          input: {
            service: 'search',
            image: 'ghcr.io/acme/search',
            environments: ['dev', 'staging'],
            digest:
              'sha256:7d9f1b3d5f7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f7b9d1f3b5d7f9b1d3f5b7d9f',
            format: 'kustomize',
          },
        },
      ],
    }),
  },
];
