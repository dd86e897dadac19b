import { InputError } from '@backstage/errors';
import { isDeepStrictEqual } from 'node:util';
import {
  type Document,
  isMap,
  isSeq,
  parseAllDocuments,
  type YAMLSeq,
} from 'yaml';

/** Largest ApplicationSet file edited. */
const MAX_BYTES = 512 * 1024;

/** The list generators (also inside matrix and merge generators) whose elements name services. */
function serviceLists(doc: Document): YAMLSeq[] {
  const root = doc.contents;
  if (!isMap(root) || root.get('kind') !== 'ApplicationSet') return [];
  const found: YAMLSeq[] = [];
  const walk = (generators: unknown) => {
    if (!isSeq(generators)) return;
    for (const generator of generators.items) {
      if (!isMap(generator)) continue;
      const list = generator.get('list', true);
      const elements = isMap(list) ? list.get('elements', true) : undefined;
      if (
        isSeq(elements) &&
        elements.items.some(e => isMap(e) && e.has('service'))
      ) {
        found.push(elements);
      }
      for (const nested of ['matrix', 'merge']) {
        const inner = generator.get(nested, true);
        if (isMap(inner)) walk(inner.get('generators', true));
      }
    }
  };
  const spec = root.get('spec', true);
  if (isMap(spec)) walk(spec.get('generators', true));
  return found;
}

function listedServices(seq: YAMLSeq): string[] {
  return seq.items
    .map(e => (isMap(e) ? e.get('service') : undefined))
    .filter((s): s is string => typeof s === 'string');
}

/**
 * Adds `{ service: <name> }` to the list generator elements of every ApplicationSet of a
 * file that lists services. Block lists get one new line in the style of their last element,
 * so nothing else in the file changes.
 *
 * @returns the new content, or null when the file lists no services or lists this one
 *   already.
 */
export function addServiceToApplicationSets(
  path: string,
  content: string,
  service: string,
): string | null {
  if (Buffer.byteLength(content) > MAX_BYTES) return null;
  const docs = parseAllDocuments(content);
  if (!Array.isArray(docs) || docs.some(d => d.errors.length > 0)) return null;
  const lists = docs.flatMap(d => serviceLists(d));
  const missing = lists.filter(l => !listedServices(l).includes(service));
  if (missing.length === 0) return null;

  // Insert from the end of the file backwards, so that earlier offsets stay valid.
  const inserts = missing
    .map(seq => {
      if (seq.flow) {
        throw new InputError(
          `${path}: the services are listed in flow style; add ${service} by hand`,
        );
      }
      const last = seq.items[seq.items.length - 1] as {
        range?: [number, number, number];
      };
      const start = last.range![0];
      const dash = content.lastIndexOf('-', start);
      const lineStart = content.lastIndexOf('\n', dash) + 1;
      const indent = content.slice(lineStart, dash);
      const lineEnd = content.indexOf('\n', last.range![1] - 1);
      const at = lineEnd === -1 ? content.length : lineEnd;
      return { at, text: `\n${indent}- service: ${service}` };
    })
    .sort((a, b) => b.at - a.at);
  let updated = content;
  for (const insert of inserts) {
    updated =
      updated.slice(0, insert.at) + insert.text + updated.slice(insert.at);
  }

  // Prove the edit: every list gained exactly this service, nothing else changed.
  const check = parseAllDocuments(updated);
  const plain = (doc: Document): unknown => {
    try {
      return doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias bomb expands to millions of nodes: a 400 naming the file, not a crash.
      throw new InputError(
        `${path}: could not add ${service} to its ApplicationSet: ${
          (error as Error).message
        }`,
      );
    }
  };
  const expected = docs.map(d => plain(d));
  if (!Array.isArray(check) || check.some(d => d.errors.length > 0)) {
    throw new InputError(
      `${path}: could not add ${service} to its ApplicationSet`,
    );
  }
  const afterLists = check.flatMap(d => serviceLists(d));
  const ok =
    afterLists.length === lists.length &&
    afterLists.every(l => listedServices(l).includes(service)) &&
    isDeepStrictEqual(
      check.map(d => plain(d)),
      expected.map((_doc, i) => {
        // the expected document: each edited list with the new element appended
        const clone = docs[i].clone();
        for (const seq of serviceLists(clone)) {
          if (!listedServices(seq).includes(service)) {
            seq.add(clone.createNode({ service }));
          }
        }
        return plain(clone);
      }),
    );
  if (!ok) {
    throw new InputError(
      `${path}: could not add ${service} to its ApplicationSet alone`,
    );
  }
  return updated;
}
