import { InputError } from '@backstage/errors';
import { isDigest } from '@gitops-portal/plugin-gitops-common';
import { type Document, isMap } from 'yaml';
import type { LocatedPin } from './LocatedPin';
import {
  asDigestScalar,
  assertPlainNode,
  findDigestKeys,
  stringAt,
} from './pinDocument';

/**
 * Finds the pin of a Helm values file: `image.digest`, with `image.repository` beside it.
 * A file without `image.digest` is refused with a 400 naming where a digest was found
 * instead, if anywhere.
 */
export function locateHelmPin(path: string, doc: Document): LocatedPin {
  const root = doc.contents;
  assertPlainNode(path, 'the document', root);
  const imageNode = isMap(root) ? root.get('image', true) : undefined;
  const digestNode = isMap(imageNode)
    ? imageNode.get('digest', true)
    : undefined;
  if (imageNode !== undefined) assertPlainNode(path, 'image', imageNode);
  if (!isMap(imageNode) || digestNode === undefined) {
    const elsewhere = findDigestKeys(doc);
    if (elsewhere.length > 0) {
      throw new InputError(
        `${path} has no image.digest; it has a digest under ${elsewhere.join(
          ', ',
        )}, which the pin editor does not change`,
      );
    }
    throw new InputError(`${path} has no image.digest pin`);
  }
  const node = asDigestScalar(path, 'image.digest', digestNode);
  const repository = stringAt(imageNode, 'repository');
  if (!repository) {
    throw new InputError(
      `${path} has image.digest but no image.repository beside it`,
    );
  }
  const value = node.value as string | null;
  if (value && !isDigest(value)) {
    throw new InputError(
      `${path}: image.digest is not a sha256 digest (${JSON.stringify(
        String(value).slice(0, 80),
      )})`,
    );
  }
  return {
    pin: { format: 'helm', path, repository, digest: value || null },
    keyPath: 'image.digest',
    nodePath: ['image', 'digest'],
    node,
  };
}
