import { InputError } from '@backstage/errors';
import type {
  GitOpsRepositoryProvider,
  RepositoryFile,
} from '@gitops-portal/plugin-gitops-node';
import { type ImagePin, type PinLookup, PIN_FILE_NAMES } from './ImagePin';
import { readPinFile } from './pinFile';

/**
 * The pin of a service folder together with the file it was read from.
 *
 * @public
 */
export interface ServicePin extends ImagePin {
  file: RepositoryFile;
}

async function readPair(
  provider: GitOpsRepositoryProvider,
  folder: string,
  ref: string,
  index: number,
): Promise<RepositoryFile[]> {
  const files = await Promise.all([
    provider.readFile(`${folder}/${PIN_FILE_NAMES.helm[index]}`, ref),
    provider.readFile(`${folder}/${PIN_FILE_NAMES.kustomize[index]}`, ref),
  ]);
  return files.filter((f): f is RepositoryFile => f !== null);
}

/**
 * Reads the image pin of a service folder at a ref, detecting its format: a `values.yaml`
 * with `image.digest` (Helm) or a `kustomization.yaml` with the service's `images[]` entry
 * (Kustomize). Returns null when the folder has neither file; throws a 400 naming the file(s)
 * when they hold no usable pin, or when both do.
 *
 * @public
 */
export async function readServicePin(
  provider: GitOpsRepositoryProvider,
  folder: string,
  ref: string,
  lookup: PinLookup,
): Promise<ServicePin | null> {
  let files = await readPair(provider, folder, ref, 0);
  if (files.length === 0) files = await readPair(provider, folder, ref, 1);
  if (files.length === 0) return null;

  const pins: ServicePin[] = [];
  const errors: Error[] = [];
  for (const file of files) {
    try {
      pins.push({ ...readPinFile(file.path, file.content, lookup), file });
    } catch (error) {
      errors.push(error as Error);
    }
  }
  if (pins.length === 1) return pins[0];
  if (pins.length > 1) {
    throw new InputError(
      `${folder} pins the image twice (${pins
        .map(p => p.path)
        .join(' and ')}); keep one pin per folder`,
    );
  }
  if (errors.length === 1) throw errors[0];
  throw new InputError(errors.map(e => e.message).join('; '));
}
