const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COMMA = 0x2c; // ,
const COLON = 0x3a; // :

/** The member of the top-level object whose array is split into items. */
const ITEMS_KEY = 'items';

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Splits a JSON list body (`{"metadata": {...}, "items": [ {...}, ... ]}`) as its bytes arrive,
 * so that a list of thousands of applications is never held whole: neither the body as one
 * string nor its parsed tree. Each element of the top-level `items` array is handed over as
 * its own JSON text as soon as it is complete; everything else (the "skeleton", with `items`
 * left as an empty array) is parsed at the end.
 *
 * Only the structure is tracked here (strings, nesting); the JSON itself is checked by
 * `JSON.parse` of each item and of the skeleton, so a body that is not JSON fails there.
 *
 * @public
 */
export class JsonListSplitter {
  private readonly onItem: (json: string) => void;
  private readonly decoder = new TextDecoder();
  /** Open objects and arrays around the current byte. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The last significant byte outside strings at depth 1 (top-level object). */
  private lastTopLevel = 0;
  /** The text of the last string closed at depth 1, when short enough to be `items`. */
  private lastTopLevelString: string | null = null;
  private topLevelStringStart = -1;
  private topLevelStringPieces: Uint8Array[] = [];
  /** Inside the top-level `items` array. */
  private inItems = false;
  /** An element of `items` is being read (its bytes so far in `itemPieces`). */
  private inItem = false;
  private itemPieces: Uint8Array[] = [];
  /** Whether the next element of `items` may start (after `[` or `,`). */
  private expectItem = true;
  private readonly skeletonPieces: Uint8Array[] = [];
  private failed: string | null = null;

  constructor(onItem: (json: string) => void) {
    this.onItem = onItem;
  }

  /** Reads the next bytes of the body; calls `onItem` for every element completed in them. */
  push(chunk: Uint8Array): void {
    if (this.failed) return;
    let skeletonFrom = this.inItems ? -1 : 0;
    let itemFrom = this.inItem ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
        } else if (byte === BACKSLASH) {
          this.escaped = true;
        } else if (byte === QUOTE) {
          this.inString = false;
          if (this.depth === 1) this.closeTopLevelString(chunk, i);
        }
        continue;
      }
      if (isWhitespace(byte)) continue;

      if (this.inItems && this.depth === 2 && !this.inItem) {
        // Between elements of `items`: a separator, the end, or the start of an element.
        if (byte === COMMA && !this.expectItem) {
          this.expectItem = true;
          continue;
        }
        if (byte === CLOSE_BRACKET) {
          this.inItems = false;
          this.depth = 1;
          this.lastTopLevel = CLOSE_BRACKET;
          skeletonFrom = i; // the skeleton keeps `[` and `]`: an empty array
          continue;
        }
        if (!this.expectItem) {
          this.failed = 'two items without a comma between them';
          return;
        }
        this.expectItem = false;
        this.inItem = true;
        itemFrom = i;
      }

      if (byte === QUOTE) {
        this.inString = true;
        if (this.depth === 1) this.topLevelStringStart = i;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (
          byte === OPEN_BRACKET &&
          this.depth === 1 &&
          this.lastTopLevel === COLON &&
          this.lastTopLevelString === ITEMS_KEY
        ) {
          this.inItems = true;
          this.expectItem = true;
          this.depth = 2;
          this.skeletonPieces.push(chunk.subarray(skeletonFrom, i + 1));
          skeletonFrom = -1;
          continue;
        }
        this.depth += 1;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth -= 1;
        if (this.inItem && this.depth === 2) {
          this.finishItem(chunk, itemFrom, i + 1);
          itemFrom = -1;
          continue;
        }
      } else if (this.inItem && this.depth === 2) {
        // A scalar element (not an object): it ends before the next `,` or `]`.
        const end = scalarEnd(chunk, i);
        if (end < chunk.length) {
          this.finishItem(chunk, itemFrom, end);
          itemFrom = -1;
          i = end - 1;
          continue;
        }
        i = chunk.length - 1;
        continue;
      }
      if (this.depth === 1 && !this.inString) {
        this.lastTopLevel = byte;
        if (byte === COMMA) this.lastTopLevelString = null;
      }
    }
    if (skeletonFrom >= 0)
      this.skeletonPieces.push(chunk.subarray(skeletonFrom));
    if (itemFrom >= 0) this.itemPieces.push(chunk.subarray(itemFrom));
    if (this.topLevelStringStart >= 0 && this.inString && this.depth === 1) {
      this.topLevelStringPieces.push(chunk.subarray(this.topLevelStringStart));
      this.topLevelStringStart = 0;
    }
  }

  /**
   * Ends the body: returns the parsed skeleton (the body with `items` empty). Throws a
   * `SyntaxError` when the body was not JSON or ended early.
   */
  end(): unknown {
    if (this.failed) throw new SyntaxError(`Not a JSON list: ${this.failed}`);
    if (this.inItems || this.inItem || this.inString) {
      throw new SyntaxError('Not a JSON list: the body ended inside it');
    }
    const skeleton = decode(this.decoder, this.skeletonPieces);
    this.skeletonPieces.length = 0;
    return JSON.parse(skeleton);
  }

  private finishItem(chunk: Uint8Array, from: number, to: number): void {
    this.itemPieces.push(chunk.subarray(Math.max(0, from), to));
    const json = decode(this.decoder, this.itemPieces);
    this.itemPieces = [];
    this.inItem = false;
    this.onItem(json);
  }

  private closeTopLevelString(chunk: Uint8Array, quoteIndex: number): void {
    const start = Math.max(0, this.topLevelStringStart);
    this.topLevelStringPieces.push(chunk.subarray(start, quoteIndex + 1));
    const length = this.topLevelStringPieces.reduce((n, p) => n + p.length, 0);
    // Only a short string can be the key `"items"`; longer ones are not decoded.
    this.lastTopLevelString =
      length <= ITEMS_KEY.length + 2
        ? decode(this.decoder, this.topLevelStringPieces).slice(1, -1)
        : null;
    this.topLevelStringPieces = [];
    this.topLevelStringStart = -1;
    this.lastTopLevel = QUOTE;
  }
}

/** Index of the `,` or `]` that ends a scalar starting at `from`, or the chunk's length. */
function scalarEnd(chunk: Uint8Array, from: number): number {
  for (let i = from; i < chunk.length; i++) {
    const byte = chunk[i];
    if (byte === COMMA || byte === CLOSE_BRACKET || isWhitespace(byte)) {
      return i;
    }
  }
  return chunk.length;
}

function decode(decoder: TextDecoder, pieces: Uint8Array[]): string {
  if (pieces.length === 1) return decoder.decode(pieces[0]);
  const length = pieces.reduce((n, p) => n + p.length, 0);
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    whole.set(piece, offset);
    offset += piece.length;
  }
  return decoder.decode(whole);
}
