import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  GITOPS_SERVICE_ANNOTATION,
  isFolderName,
  isGitOpsAnnotated,
} from '@gitops-portal/plugin-gitops-common';
import type { EntityStatusReader } from '../service/types';

/**
 * The service folder a change of the entity writes to: the read side's answer
 * ({@link EntityStatusReader.serviceOf}), so that the status tab and a promotion always name the
 * same service. 400 when the entity has no GitOps annotation, when no service is known (no
 * annotation, and its applications name none or disagree), or when it is not a plain folder
 * name.
 *
 * @public
 */
export function serviceOfEntity(
  entity: Entity,
  statusReader: Pick<EntityStatusReader, 'serviceOf'>,
): string {
  const ref = stringifyEntityRef(entity);
  if (!isGitOpsAnnotated(entity)) {
    throw new InputError(
      `${ref} has no GitOps annotation (${GITOPS_SERVICE_ANNOTATION}, argocd/app-name or argocd/app-selector)`,
    );
  }
  const service = statusReader.serviceOf(entity);
  if (service === null) {
    throw new InputError(
      `${ref}: no service folder is known; set the ${GITOPS_SERVICE_ANNOTATION} annotation (its Argo CD applications name none, or several)`,
    );
  }
  if (!isFolderName(service)) {
    throw new InputError(
      `${ref}: the service name ${JSON.stringify(
        service,
      )} is not a plain folder name`,
    );
  }
  return service;
}
