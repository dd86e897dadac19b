import {
  type CompoundEntityRef,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  isDigest,
  isFolderName,
  isImageRepository,
} from '@gitops-portal/plugin-gitops-common';

/**
 * The entity reference in its full `kind:namespace/name` form; a bare name means a Component
 * in the default namespace, as the EntityPicker's defaults do.
 */
export function requireEntityRef(value: unknown, field = 'entityRef'): string {
  const example = 'an entity reference such as component:default/gateway';
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${field} must be ${example}`);
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `${field} '${value}' is not ${example}: ${(error as Error).message}`,
    );
  }
  // parseEntityRef splits on the first ':' and '/' only; the parts must still be valid names.
  if (
    !KubernetesValidatorFunctions.isValidKind(ref.kind) ||
    !KubernetesValidatorFunctions.isValidNamespace(ref.namespace) ||
    !KubernetesValidatorFunctions.isValidObjectName(ref.name)
  ) {
    throw new InputError(`${field} '${value}' is not ${example}`);
  }
  return stringifyEntityRef(ref);
}

/** An environment or service name that is one plain folder of the GitOps repository. */
export function requireFolderName(value: unknown, field: string): string {
  if (!isFolderName(value)) {
    throw new InputError(
      `${field} '${String(
        value,
      )}' is not a valid folder name: use lowercase letters, digits, '.', '_' and '-' (at most 63 characters, no '/' or '..')`,
    );
  }
  return value;
}

/** An image digest: `sha256:` and 64 lowercase hex characters. */
export function requireDigest(value: unknown, field = 'digest'): string {
  if (!isDigest(value)) {
    throw new InputError(
      `${field} '${String(
        value,
      )}' is not an image digest: expected sha256: followed by 64 lowercase hex characters`,
    );
  }
  return value;
}

/** An image repository; tags and digests are refused because the digest is the pin. */
export function requireImageRepository(
  value: unknown,
  field = 'image',
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      `${field} must be an image repository such as ghcr.io/acme/gateway`,
    );
  }
  const image = value.trim();
  if (image.includes('@')) {
    throw new InputError(
      `${field} '${image}' carries a digest; pass the repository alone and the digest in 'digest'`,
    );
  }
  // A colon in the last path segment starts a tag (a registry port sits before a '/').
  if (/:[^/]*$/.test(image)) {
    throw new InputError(
      `${field} '${image}' carries a tag; pass the repository alone (the image is pinned by digest)`,
    );
  }
  if (!isImageRepository(image)) {
    throw new InputError(
      `${field} '${image}' is not an image repository such as ghcr.io/acme/gateway`,
    );
  }
  return image;
}

/** A list of distinct environment names, or undefined for "every configured environment". */
export function requireEnvironmentList(
  value: unknown,
  field = 'environments',
): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(
      `${field} must be a non-empty list of environment names, or left out for all environments`,
    );
  }
  const names = value.map((name, index) =>
    requireFolderName(name, `${field}[${index}]`),
  );
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) {
    throw new InputError(`${field} names '${duplicate}' more than once`);
  }
  return names;
}
