import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  GITOPS_SERVICE_ANNOTATION,
  isFolderName,
  isGitOpsAnnotated,
} from '@gitops-portal/plugin-gitops-common';

/**
 * The service folder of an entity: its `gitops/service` annotation, else its name when it
 * carries the Argo CD plugins' annotations. 400 when it has no GitOps annotation or the name
 * is not a plain folder name.
 *
 * @public
 */
export function serviceOfEntity(entity: Entity): string {
  const ref = stringifyEntityRef(entity);
  if (!isGitOpsAnnotated(entity)) {
    throw new InputError(
      `${ref} has no GitOps annotation (${GITOPS_SERVICE_ANNOTATION}, argocd/app-name or argocd/app-selector)`,
    );
  }
  const service =
    entity.metadata.annotations?.[GITOPS_SERVICE_ANNOTATION] ??
    entity.metadata.name;
  if (!isFolderName(service)) {
    throw new InputError(
      `${ref}: the service name ${JSON.stringify(
        service,
      )} is not a plain folder name`,
    );
  }
  return service;
}
