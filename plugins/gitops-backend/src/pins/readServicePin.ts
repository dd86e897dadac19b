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
 * The pin files to read in a folder, from the names of its files: the first pair of names
 * (`values.yaml`, `kustomization.yaml`) that has any, else the second (`.yml`) — the order
 * {@link readServicePin} probes in.
 *
 * @public
 */
export function pinFileCandidates(folder: string, names: string[]): string[] {
  const present = new Set(names);
  for (const index of [0, 1]) {
    const found = [
      PIN_FILE_NAMES.helm[index],
      PIN_FILE_NAMES.kustomize[index],
    ].filter(name => present.has(name));
    if (found.length > 0) return found.map(name => `${folder}/${name}`);
  }
  return [];
}

/**
 * The pin of a service folder from its pin files (see {@link pinFileCandidates}). Returns null
 * when there is none; throws a 400 naming the file(s) when they hold no usable pin, or when
 * both do.
 *
 * @public
 */
export function pinFromFiles(
  folder: string,
  files: RepositoryFile[],
  lookup: PinLookup,
): ServicePin | null {
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
  return pinFromFiles(folder, files, lookup);
}
