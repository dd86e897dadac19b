import {
  GITOPS_ROUTES,
  gitopsEntityPath,
  gitopsEntityRoutePattern,
  gitopsRecordPath,
} from './routes';

describe('GitOps routes', () => {
  it('spells an entity route from a reference, with defaults, kind in lower case, encoded', () => {
    expect(gitopsEntityPath('Component:default/gateway', 'status')).toBe(
      '/v1/entities/default/component/gateway/status',
    );
    expect(gitopsEntityPath('gateway', 'history')).toBe(
      '/v1/entities/default/component/gateway/history',
    );
    expect(
      gitopsEntityPath(
        { kind: 'Component', namespace: 'team a', name: 'a/b' },
        'events',
      ),
    ).toBe('/v1/entities/team%20a/component/a%2Fb/events');
  });

  it('gives the router the same shape as the clients', () => {
    const pattern = gitopsEntityRoutePattern('drift');
    expect(pattern).toBe('/v1/entities/:namespace/:kind/:name/drift');
    expect(
      gitopsEntityPath('component:default/x', 'drift').split('/').length,
    ).toBe(pattern.split('/').length);
  });

  it('places a record under the promotions route', () => {
    expect(gitopsRecordPath('0b5e…')).toBe(
      `${GITOPS_ROUTES.promotions}/0b5e%E2%80%A6`,
    );
  });
});
