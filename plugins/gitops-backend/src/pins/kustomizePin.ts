import { InputError } from '@backstage/errors';
import { isDigest } from '@gitops-portal/plugin-gitops-common';
import { type Document, isMap, isSeq, type YAMLMap } from 'yaml';
import type { PinLookup } from './ImagePin';
import type { LocatedPin } from './LocatedPin';
import { asDigestScalar, assertPlainNode, stringAt } from './pinDocument';

function lastSegment(image: string): string {
  const withoutTag = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return withoutTag.split('/').pop() ?? withoutTag;
}

/**
 * Picks the service's entry of `images[]`: the entry of the requested image when one is
 * given, else the only entry, else the one whose image is named after the service.
 */
function selectEntry(
  path: string,
  entries: Array<{ index: number; map: YAMLMap; name: string; image: string }>,
  lookup: PinLookup,
): { index: number; map: YAMLMap; name: string; image: string } {
  if (lookup.image) {
    const wanted = lookup.image;
    const match = entries.filter(e => e.image === wanted || e.name === wanted);
    if (match.length === 1) return match[0];
    throw new InputError(
      `${path}: ${
        match.length === 0 ? 'no' : 'more than one'
      } images[] entry for ${wanted}`,
    );
  }
  if (entries.length === 1) return entries[0];
  const named = entries.filter(
    e =>
      lastSegment(e.image) === lookup.service ||
      lastSegment(e.name) === lookup.service,
  );
  if (named.length === 1) return named[0];
  throw new InputError(
    `${path}: cannot tell which images[] entry is ${
      lookup.service
    }'s image among ${entries.map(e => e.name).join(', ')}`,
  );
}

/**
 * Finds the pin of a Kustomize overlay: `images[].digest` of the service's image
 * (`newName` when set, else `name`).
 */
export function locateKustomizePin(
  path: string,
  doc: Document,
  lookup: PinLookup,
): LocatedPin {
  const root = doc.contents;
  assertPlainNode(path, 'the document', root);
  const images = isMap(root) ? root.get('images', true) : undefined;
  if (images === undefined) {
    throw new InputError(`${path} has no images[] to pin a digest in`);
  }
  assertPlainNode(path, 'images', images);
  if (!isSeq(images) || images.items.length === 0) {
    throw new InputError(`${path}: images is not a list of images`);
  }
  const entries = images.items.map((item, index) => {
    assertPlainNode(path, `images[${index}]`, item);
    if (!isMap(item)) {
      throw new InputError(`${path}: images[${index}] is not a map`);
    }
    const name = stringAt(item, 'name');
    if (!name) {
      throw new InputError(`${path}: images[${index}] has no name`);
    }
    return { index, map: item, name, image: stringAt(item, 'newName') ?? name };
  });
  const entry = selectEntry(path, entries, lookup);
  const keyPath = `images[${entry.index}].digest`;
  const digestNode = entry.map.get('digest', true);
  if (digestNode === undefined) {
    throw new InputError(
      `${path}: the images[] entry of ${entry.name} has no digest pin`,
    );
  }
  const node = asDigestScalar(path, keyPath, digestNode);
  const value = node.value as string | null;
  if (value && !isDigest(value)) {
    throw new InputError(
      `${path}: ${keyPath} is not a sha256 digest (${JSON.stringify(
        String(value).slice(0, 80),
      )})`,
    );
  }
  return {
    pin: {
      format: 'kustomize',
      path,
      repository: entry.image,
      digest: value || null,
    },
    keyPath,
    nodePath: ['images', entry.index, 'digest'],
    node,
  };
}
