import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';

/**
 * The GitOps backend's routes that take no entity, relative to its base URL
 * (`/api/gitops`): the one place clients and routers spell them.
 *
 * @public
 */
export const GITOPS_ROUTES = {
  /** `GET`: environments in promotion order and the GitOps repository. */
  config: '/v1/config',
  /** `POST`: open a promotion; `GET`: list change records (`GET …/{id}`: one record). */
  promotions: '/v1/promotions',
  /** `POST`: open a rollback. */
  rollbacks: '/v1/rollbacks',
  /** `POST`: pin a digest. */
  pins: '/v1/pins',
  /** `POST`: onboard a service. */
  onboardings: '/v1/onboardings',
} as const;

/**
 * The routes of one entity: `/v1/entities/{namespace}/{kind}/{name}/{route}`.
 *
 * @public
 */
export type GitOpsEntityRoute = 'status' | 'events' | 'drift' | 'history';

/**
 * The path of one of an entity's routes, its segments encoded (kind in lower case, as the
 * catalog compares it). A string reference may leave out kind (`component`) and namespace
 * (`default`).
 *
 * @public
 */
export function gitopsEntityPath(
  entity: string | CompoundEntityRef,
  route: GitOpsEntityRoute,
): string {
  const { kind, namespace, name } =
    typeof entity === 'string'
      ? parseEntityRef(entity, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        })
      : entity;
  const segments = [namespace, kind.toLocaleLowerCase('en-US'), name].map(
    encodeURIComponent,
  );
  return `/v1/entities/${segments.join('/')}/${route}`;
}

/**
 * The router pattern of one of an entity's routes (`:namespace`, `:kind`, `:name`).
 *
 * @public
 */
export function gitopsEntityRoutePattern(route: GitOpsEntityRoute): string {
  return `/v1/entities/:namespace/:kind/:name/${route}`;
}

/**
 * The path of one change record.
 *
 * @public
 */
export function gitopsRecordPath(id: string): string {
  return `${GITOPS_ROUTES.promotions}/${encodeURIComponent(id)}`;
}
