import { mockServices } from '@backstage/backend-test-utils';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { DesiredState } from '@gitops-portal/plugin-gitops-common';
import type { SetupServer } from 'msw/node';
import { readGitOpsConfig } from '../../config/GitOpsConfig';
import { MockArgoCd, fixture } from './MockArgoCd';

export const DIGEST_OLD = `sha256:${'1f'.repeat(32)}`;
export const DIGEST_NEW = `sha256:${'a7'.repeat(32)}`;

export const NONPROD_TOKEN = 'nonprod-token-do-not-leak-3f9a71';
export const PROD_PASSWORD = 'prod-password-do-not-leak-b81c02';

/** The two Argo CD instances of the fixtures, with details for the gateway service. */
export function mockInstances(server: SetupServer) {
  const nonprod = new MockArgoCd({
    name: 'nonprod',
    url: 'https://argocd.nonprod.example.com',
    token: NONPROD_TOKEN,
    list: fixture('applications-nonprod.json'),
  });
  const prod = new MockArgoCd({
    name: 'prod',
    url: 'https://argocd.prod.example.com',
    username: 'backstage',
    password: PROD_PASSWORD,
    list: fixture('applications-prod.json'),
  });
  nonprod.resources.set(
    'gateway-dev/Rollout/gateway/gateway',
    fixture('rollouts/canary-healthy.json'),
  );
  nonprod.resources.set(
    'gateway-staging/Rollout/gateway/gateway',
    fixture('rollouts/canary-paused.json'),
  );
  nonprod.trees.set(
    'gateway-staging',
    fixture('resource-tree-gateway-staging.json'),
  );
  nonprod.managed.set(
    'ledger-staging',
    fixture('managed-resources-ledger-staging.json'),
  );
  prod.resources.set(
    'gateway-prod/Rollout/gateway/gateway',
    fixture('rollouts/canary-healthy.json'),
  );
  prod.syncWindows.set('gateway-prod', fixture('syncwindows-deny-active.json'));
  server.use(...nonprod.handlers(), ...prod.handlers());
  return { nonprod, prod };
}

/** The `gitops` configuration of the fixtures' world. */
export function gitopsConfigData(nonprod: MockArgoCd, prod: MockArgoCd) {
  return {
    repository: { url: 'https://github.com/acme/gitops', branch: 'main' },
    environments: [
      { name: 'dev', autoMerge: true },
      { name: 'staging' },
      { name: 'prod', approvals: 2 },
    ],
    argocd: {
      instances: [
        nonprod.config({
          timeout: 300,
          listTimeout: 300,
          frontendUrl: 'https://argocd.nonprod.example.com/ui/',
          appNamespaces: ['team-ledger'],
        }),
        prod.config({ timeout: 300, listTimeout: 300 }),
      ],
    },
  };
}

export function gitopsConfig(nonprod: MockArgoCd, prod: MockArgoCd) {
  return readGitOpsConfig(
    new ConfigReader({ gitops: gitopsConfigData(nonprod, prod) }),
  );
}

export function memoryCache() {
  return CacheManager.fromConfig(new ConfigReader({})).forPlugin('gitops');
}

export const testLogger = () => mockServices.logger.mock();

/** Pins of the fake GitOps repository. */
export class FakeDesiredState {
  readonly calls: string[] = [];
  pins = new Map<string, DesiredState>([
    [
      'gateway/dev',
      {
        digest: DIGEST_NEW,
        commit: '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2',
      },
    ],
    [
      'gateway/staging',
      {
        digest: DIGEST_NEW,
        commit: '5d7a2c1e9b3f40c8a6e1d2b7c9f0a4e3b8d6c1f2',
      },
    ],
    [
      'gateway/prod',
      {
        digest: DIGEST_OLD,
        commit: '8c3e5a7f1d2b4c6e9f0a1b3d5c7e9f1a2b4c6d8e',
      },
    ],
  ]);

  async getDesiredState(service: string, environment: string) {
    this.calls.push(`${service}/${environment}`);
    return this.pins.get(`${service}/${environment}`) ?? null;
  }
}

export function entity(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/team-gateway',
      lifecycle: 'production',
    },
  };
}
