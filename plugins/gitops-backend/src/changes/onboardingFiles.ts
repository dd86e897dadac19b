import { InputError } from '@backstage/errors';
import type { GitOpsRepositoryProvider } from '@gitops-portal/plugin-gitops-node';
import { isMap, isSeq } from 'yaml';
import { PIN_FILE_NAMES } from '../pins/ImagePin';
import { parsePinDocument } from '../pins/pinDocument';
import { serviceFolder } from '../pins/servicePaths';

/**
 * The files of a new service folder, and where they came from.
 */
export interface OnboardingFolder {
  files: Array<{ path: string; content: string }>;
  /** The sibling service the folder was modelled on, when there was one. */
  modelledOn: string | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function setHelmImage(
  path: string,
  content: string,
  image: string,
  digest: string,
): string {
  const doc = parsePinDocument(path, content);
  doc.setIn(['image', 'repository'], image);
  doc.setIn(['image', 'digest'], digest);
  return String(doc);
}

function setKustomizeImage(
  path: string,
  content: string,
  sibling: string | null,
  image: string,
  digest: string,
): string {
  const doc = parsePinDocument(path, content);
  const images = doc.get('images', true);
  const entry = {
    name: image,
    digest,
  };
  if (isSeq(images) && images.items.length > 0) {
    // Replace the sibling's own image entry (named after it), else the first one.
    const index = Math.max(
      0,
      images.items.findIndex(
        i =>
          isMap(i) &&
          sibling &&
          String(i.get('newName') ?? i.get('name')).endsWith(`/${sibling}`),
      ),
    );
    images.items[index] = doc.createNode(entry);
  } else {
    doc.set('images', doc.createNode([entry]));
  }
  return String(doc);
}

/**
 * Plans the folder of a new service in one environment. It copies the folder of another
 * service of the same format in that environment (chart, templates, overlay), naming the new
 * service where the sibling was named and pinning the new image; without a sibling it writes
 * the pin file alone.
 */
export async function planOnboardingFolder(options: {
  provider: GitOpsRepositoryProvider;
  ref: string;
  layout: string;
  environment: string;
  service: string;
  image: string;
  digest: string | null;
  format: 'helm' | 'kustomize';
}): Promise<OnboardingFolder> {
  const { provider, ref, layout, environment, service, image, format } =
    options;
  const folder = serviceFolder(layout, environment, service);
  const digest = options.digest ?? '';
  const pinFile = PIN_FILE_NAMES[format][0];
  const header = `# ${service} in ${environment}, onboarded by the GitOps portal.\n# Promotion and rollback pull requests change the image digest and nothing else.\n`;

  let sibling: string | null = null;
  let siblingFiles: string[] = [];
  if (layout.endsWith('{service}')) {
    const parent = folder.slice(0, folder.lastIndexOf('/'));
    const files = await provider.listFiles(parent, ref);
    const candidates = [
      ...new Set(
        files
          .filter(f => f.endsWith(`/${pinFile}`))
          .map(f => f.slice(parent.length + 1).split('/')[0])
          .filter(name => name !== service),
      ),
    ].sort();
    sibling = candidates[0] ?? null;
    if (sibling) {
      const prefix = `${parent}/${sibling}/`;
      siblingFiles = files.filter(f => f.startsWith(prefix));
    }
  }

  if (!sibling) {
    const content =
      format === 'helm'
        ? `${header}image:\n  repository: ${image}\n  digest: "${digest}"\n`
        : `${header}apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\nimages:\n  - name: ${image}\n    digest: "${digest}"\n`;
    return {
      files: [{ path: `${folder}/${pinFile}`, content }],
      modelledOn: null,
    };
  }

  const parent = folder.slice(0, folder.lastIndexOf('/'));
  const word = new RegExp(
    `(?<![A-Za-z0-9_-])${escape(sibling)}(?![A-Za-z0-9_])`,
    'g',
  );
  const result: OnboardingFolder['files'] = [];
  for (const path of siblingFiles) {
    const file = await provider.readFile(path, ref);
    if (!file) continue;
    const relative = path.slice(`${parent}/${sibling}/`.length);
    let content = file.content.replace(word, service);
    if (relative === pinFile) {
      try {
        content =
          format === 'helm'
            ? setHelmImage(path, content, image, digest)
            : setKustomizeImage(path, content, service, image, digest);
      } catch (error) {
        // A sibling whose pin file cannot be edited (aliases, broken YAML) is a 400 naming it.
        if (error instanceof InputError) throw error;
        throw new InputError(
          `Could not model ${folder} on ${path}: ${(error as Error).message}`,
        );
      }
    }
    result.push({ path: `${folder}/${relative}`, content });
  }
  if (!result.some(f => f.path === `${folder}/${pinFile}`)) {
    throw new InputError(`Could not model ${folder} on ${sibling}`);
  }
  return { files: result, modelledOn: sibling };
}
