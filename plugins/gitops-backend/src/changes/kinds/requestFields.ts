import { InputError } from '@backstage/errors';
import {
  isDigest,
  isFolderName,
  isImageRepository,
} from '@gitops-portal/plugin-gitops-common';

/** A service named by its folder must be one plain folder name; 400 otherwise. */
export function assertServiceFolderName(service: string): void {
  if (!isFolderName(service)) {
    throw new InputError(
      `Invalid service name ${JSON.stringify(
        service,
      )}: it must be one plain folder name`,
    );
  }
}

/** A digest must be `sha256:` and 64 hex characters; 400 otherwise. */
export function assertDigest(digest: string): void {
  if (!isDigest(digest)) {
    throw new InputError(
      `Invalid digest ${JSON.stringify(
        digest,
      )}: expected sha256: and 64 hex characters`,
    );
  }
}

/** An image repository must be one (gitops-common's `isImageRepository`); 400 otherwise. */
export function assertImageRepository(image: string): void {
  if (!isImageRepository(image)) {
    throw new InputError(`Invalid image repository ${JSON.stringify(image)}`);
  }
}
