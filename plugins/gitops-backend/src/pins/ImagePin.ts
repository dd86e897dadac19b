/**
 * How a service folder pins its image.
 * `helm`: `values.yaml` with `image.digest` and `image.repository`;
 * `kustomize`: `kustomization.yaml` with the service's entry of `images[]`.
 *
 * @public
 */
export type PinFormat = 'helm' | 'kustomize';

/**
 * The image pin of one service folder, as read from its file.
 *
 * @public
 */
export interface ImagePin {
  format: PinFormat;
  /** Path of the file that holds the pin, in the repository. */
  path: string;
  /** Image repository the digest belongs to, when the file names one. */
  repository: string | null;
  /** The pinned digest; null when the key is present but empty (nothing pinned yet). */
  digest: string | null;
}

/**
 * What identifies the service's image inside a pin file.
 *
 * @public
 */
export interface PinLookup {
  /** The service folder name: picks the Kustomize `images[]` entry named after it. */
  service: string;
  /** Image repository: picks the Kustomize `images[]` entry of that image when given. */
  image?: string;
}

/** Largest pin file read or edited; anything bigger is not a hand-kept values file. */
export const MAX_PIN_FILE_BYTES = 256 * 1024;

/** Names of the file of each format, in the order they are looked for. */
export const PIN_FILE_NAMES: Record<PinFormat, string[]> = {
  helm: ['values.yaml', 'values.yml'],
  kustomize: ['kustomization.yaml', 'kustomization.yml'],
};
