import { InputError } from '@backstage/errors';
import { isDigest } from '@gitops-portal/plugin-gitops-common';
import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import {
  type ImagePin,
  type PinFormat,
  type PinLookup,
  PIN_FILE_NAMES,
} from './ImagePin';
import type { LocatedPin } from './LocatedPin';
import { locateHelmPin } from './helmPin';
import { locateKustomizePin } from './kustomizePin';
import { parsePinDocument, toPlainData } from './pinDocument';

/**
 * The pin format of a file, from its name (`values.yaml` is Helm, `kustomization.yaml` is
 * Kustomize), or null for any other file.
 *
 * @public
 */
export function pinFormatOf(path: string): PinFormat | null {
  const name = path.split('/').pop() ?? '';
  for (const format of Object.keys(PIN_FILE_NAMES) as PinFormat[]) {
    if (PIN_FILE_NAMES[format].includes(name)) return format;
  }
  return null;
}

function locate(path: string, doc: Document, lookup: PinLookup): LocatedPin {
  const format = pinFormatOf(path);
  if (format === 'helm') return locateHelmPin(path, doc);
  if (format === 'kustomize') return locateKustomizePin(path, doc, lookup);
  throw new InputError(
    `${path} is not a values.yaml or kustomization.yaml file`,
  );
}

/**
 * Reads the image pin of a `values.yaml` or `kustomization.yaml` file. Throws a 400 naming
 * the file when it holds no pin the editor could change (see {@link setPinDigest}).
 *
 * @public
 */
export function readPinFile(
  path: string,
  content: string,
  lookup: PinLookup,
): ImagePin {
  return locate(path, parsePinDocument(path, content), lookup).pin;
}

function renderLike(
  node: LocatedPin['node'],
  digest: string,
  before: string,
): string {
  if (node.type === 'QUOTE_DOUBLE') return `"${digest}"`;
  if (node.type === 'QUOTE_SINGLE') return `'${digest}'`;
  // An empty value (`digest:`) has no text of its own: keep a space after the colon.
  return before.endsWith(':') ? ` ${digest}` : digest;
}

/**
 * Writes a digest into a pin file and returns the new content. Only the text of the digest
 * scalar changes: comments, key order, quoting and formatting of everything else are kept
 * byte for byte. The result is parsed again and must differ from the original in the pin
 * only, else nothing is returned but an error.
 *
 * @public
 */
export function setPinDigest(
  path: string,
  content: string,
  lookup: PinLookup,
  digest: string,
): string {
  if (!isDigest(digest)) {
    throw new InputError(`Invalid digest ${JSON.stringify(digest)}`);
  }
  const doc = parsePinDocument(path, content);
  const located = locate(path, doc, lookup);
  const range = located.node.range;
  if (!range) {
    throw new InputError(
      `${path}: cannot locate ${located.keyPath} in the text`,
    );
  }
  const [start, valueEnd] = range;
  const before = content.slice(0, start);
  const updated =
    before + renderLike(located.node, digest, before) + content.slice(valueEnd);

  // Prove the edit: same document everywhere but the pin, and the pin is the new digest.
  const check = parsePinDocument(path, updated);
  const after = locate(path, check, lookup);
  const expected = toPlainData(path, doc);
  let cursor = expected;
  for (const key of located.nodePath.slice(0, -1)) cursor = cursor[key];
  cursor[located.nodePath[located.nodePath.length - 1]] = digest;
  if (
    after.pin.digest !== digest ||
    !isDeepStrictEqual(toPlainData(path, check), expected)
  ) {
    throw new InputError(
      `${path}: could not change ${located.keyPath} alone; edit the file by hand`,
    );
  }
  return updated;
}
