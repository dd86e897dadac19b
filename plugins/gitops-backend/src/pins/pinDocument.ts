import { InputError } from '@backstage/errors';
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  type Scalar,
  visit,
} from 'yaml';
import { MAX_PIN_FILE_BYTES } from './ImagePin';

/**
 * Parses a pin file into a YAML document, refusing what the pin editor must not touch:
 * files above {@link MAX_PIN_FILE_BYTES}, syntax errors, several documents and duplicate keys.
 * Every error is a 400 that names the file.
 */
export function parsePinDocument(path: string, content: string): Document {
  if (Buffer.byteLength(content, 'utf8') > MAX_PIN_FILE_BYTES) {
    throw new InputError(
      `${path} is larger than ${MAX_PIN_FILE_BYTES} bytes; refusing to edit it`,
    );
  }
  const doc = parseDocument(content, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const reason =
      first.code === 'DUPLICATE_KEY'
        ? 'it has duplicate keys'
        : first.message.split('\n')[0];
    throw new InputError(
      `${path} is not a YAML file the pin editor accepts: ${reason}`,
    );
  }
  return doc;
}

/**
 * The document as plain data, for comparing an edit with the original. Expanding aliases is
 * bounded (an "alias bomb" of a few lines expands to millions of nodes): such a file is a 400
 * naming it, not a crash.
 */
export function toPlainData(path: string, doc: Document): any {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      `${path} is not a YAML file the pin editor accepts: ${
        (error as Error).message
      }`,
    );
  }
}

/** Throws a 400 when a node on the pin path is an alias or carries an anchor. */
export function assertPlainNode(
  path: string,
  keyPath: string,
  node: unknown,
): void {
  if (isAlias(node)) {
    throw new InputError(
      `${path}: ${keyPath} is a YAML alias; pins must be written out, not shared through anchors`,
    );
  }
  if (node && typeof node === 'object' && (node as Node).anchor) {
    throw new InputError(
      `${path}: ${keyPath} carries the YAML anchor &${
        (node as Node).anchor
      }; pins must not be shared through anchors`,
    );
  }
}

/** The scalar of a digest key, refused when it is a collection or a block scalar. */
export function asDigestScalar(
  path: string,
  keyPath: string,
  node: unknown,
): Scalar {
  assertPlainNode(path, keyPath, node);
  if (!isScalar(node)) {
    throw new InputError(`${path}: ${keyPath} is not a plain value`);
  }
  if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') {
    throw new InputError(
      `${path}: ${keyPath} is a block scalar; write the digest as a plain string`,
    );
  }
  if (node.value !== null && typeof node.value !== 'string') {
    throw new InputError(`${path}: ${keyPath} is not a string`);
  }
  return node as Scalar;
}

/** Dotted paths of every `digest` key in the document, e.g. `app.image.digest` or `images[1].digest`. */
export function findDigestKeys(doc: Document): string[] {
  const found: string[] = [];
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.value !== 'digest') return;
      const parts: string[] = [];
      const chain = [...ancestors, pair];
      for (let i = 0; i < chain.length; i++) {
        const node = chain[i];
        if (isPair(node) && isScalar(node.key)) {
          parts.push(String(node.key.value));
        } else if (isSeq(node)) {
          const child = chain[i + 1];
          const index = node.items.indexOf(child as never);
          if (parts.length > 0) parts[parts.length - 1] += `[${index}]`;
          else parts.push(`[${index}]`);
        }
      }
      found.push(parts.join('.'));
    },
  });
  return found;
}

/** The string value of a map key, or null when absent or not a string. */
export function stringAt(map: unknown, key: string): string | null {
  if (!isMap(map)) return null;
  const value = map.get(key);
  return typeof value === 'string' && value.length > 0 ? value : null;
}
