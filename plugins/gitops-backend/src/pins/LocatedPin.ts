import type { Scalar } from 'yaml';
import type { ImagePin } from './ImagePin';

/**
 * A pin found in a parsed file: the pin and the scalar node that holds its digest, so that the
 * editor can replace exactly that scalar's text.
 */
export interface LocatedPin {
  pin: ImagePin;
  /** Key path of the digest, for messages (`image.digest`, `images[0].digest`). */
  keyPath: string;
  /** Path of the digest through the document's collections, for `doc.getIn`. */
  nodePath: Array<string | number>;
  node: Scalar;
}
