import { Entity } from '@backstage/catalog-model';
import {
  type TemplateEntityV1beta3,
  templateEntityV1beta3Validator,
} from '@backstage/plugin-scaffolder-common';
import type { GitOpsBackendClient } from '@gitops-portal/plugin-gitops-node';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validate } from 'jsonschema';
import yaml from 'yaml';
import { createGitOpsOnboardServiceAction } from './actions/onboardService';
import { createGitOpsPromoteAction } from './actions/promote';
import { createGitOpsRollbackAction } from './actions/rollback';
import { createGitOpsSetImageAction } from './actions/setImage';

// The repository's example templates, registered in the catalog by app-config.yaml.
const TEMPLATES_DIR = resolve(__dirname, '../../../examples/templates');

const client = {} as GitOpsBackendClient;
const actions = new Map(
  [
    createGitOpsPromoteAction({ client }),
    createGitOpsRollbackAction({ client }),
    createGitOpsSetImageAction({ client }),
    createGitOpsOnboardServiceAction({ client }),
  ].map(action => [action.id, action]),
);

/** Values a user could enter in each template's form. */
const SAMPLE_PARAMETERS: Record<string, Record<string, unknown>> = {
  'gitops-promote': { entityRef: 'component:default/gateway', to: 'staging' },
  'gitops-rollback': {
    entityRef: 'component:default/gateway',
    environment: 'prod',
    digest: `sha256:${'a'.repeat(64)}`,
  },
  'gitops-pin-image': {
    entityRef: 'component:default/gateway',
    environment: 'dev',
    digest: `sha256:${'b'.repeat(64)}`,
  },
  'gitops-onboard': {
    service: 'payments',
    image: 'ghcr.io/acme/payments',
    environments: ['dev', 'staging'],
    format: 'helm',
  },
};

const files = readdirSync(TEMPLATES_DIR).filter(f => f.endsWith('.yaml'));
const templates = files.map(file => ({
  file,
  entity: yaml.parse(
    readFileSync(join(TEMPLATES_DIR, file), 'utf8'),
  ) as TemplateEntityV1beta3,
}));

/** `${{ parameters.x }}` → the sample value; other expressions stay as (string) placeholders. */
function renderInput(
  input: Record<string, unknown>,
  parameters: Record<string, unknown>,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const match =
      typeof value === 'string' &&
      /^\$\{\{\s*parameters\.(\w+)\s*\}\}$/.exec(value);
    if (match) {
      if (parameters[match[1]] !== undefined) {
        rendered[key] = parameters[match[1]];
      }
    } else {
      rendered[key] = value;
    }
  }
  return rendered;
}

function propertiesOf(entity: TemplateEntityV1beta3) {
  const steps = [entity.spec.parameters ?? []].flat() as Array<{
    properties?: Record<string, Record<string, unknown>>;
  }>;
  return Object.assign({}, ...steps.map(s => s.properties ?? {})) as Record<
    string,
    Record<string, unknown>
  >;
}

describe('example templates', () => {
  it('holds the four GitOps templates', () => {
    expect(templates.map(t => t.entity.metadata.title).sort()).toEqual([
      'Onboard a service to GitOps',
      'Pin an image digest',
      'Promote a service',
      'Roll back a service',
    ]);
  });

  describe.each(templates)('$file', ({ entity }) => {
    it('is a valid v1beta3 Template owned by the platform team', async () => {
      await expect(
        templateEntityV1beta3Validator.check(entity as Entity),
      ).resolves.toBe(true);
      expect(entity.spec.owner).toBe('group:default/platform');
    });

    it('uses only known actions, with inputs that pass their schemas', () => {
      const sample = SAMPLE_PARAMETERS[entity.metadata.name];
      expect(sample).toBeDefined();
      const [gitopsSteps, otherSteps] = [
        entity.spec.steps.filter(s => s.action.startsWith('gitops:')),
        entity.spec.steps.filter(s => !s.action.startsWith('gitops:')),
      ];
      expect(gitopsSteps).toHaveLength(1);
      expect(otherSteps.map(s => s.action)).toEqual(
        otherSteps.map(() => 'catalog:fetch'),
      );
      const [step] = gitopsSteps;
      const action = actions.get(step.action);
      expect(action).toBeDefined();
      const input = renderInput(step.input ?? {}, sample);
      const result = validate(input, action!.schema!.input!);
      expect(result.errors.map(e => e.stack)).toEqual([]);
    });

    it('references only parameters it declares', () => {
      const declared = Object.keys(propertiesOf(entity));
      const used = [
        ...JSON.stringify(entity.spec).matchAll(/parameters\.(\w+)/g),
      ].map(m => m[1]);
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) {
        expect(declared).toContain(name);
      }
    });

    it('links the pull request its GitOps step opened', () => {
      const step = entity.spec.steps.find(s => s.action.startsWith('gitops:'))!;
      const links = (entity.spec.output?.links ?? []) as Array<{
        url?: string;
      }>;
      expect(links.map(l => l.url)).toContain(
        `\${{ steps.${step.id}.output.pullRequestUrl }}`,
      );
    });

    it('picks services with the EntityPicker filtered to GitOps components', () => {
      const entityRef = propertiesOf(entity).entityRef ?? {};
      const options = (entityRef['ui:options'] ?? {}) as Record<
        string,
        unknown
      >;
      // Onboarding creates the service, so there is no entity to pick yet.
      const picksEntity = entity.metadata.name !== 'gitops-onboard';
      expect(entityRef['ui:field']).toBe(
        picksEntity ? 'EntityPicker' : undefined,
      );
      expect(options.catalogFilter).toEqual(
        picksEntity
          ? [
              {
                kind: 'Component',
                'metadata.annotations.gitops/service': { exists: true },
              },
            ]
          : undefined,
      );
    });
  });
});
