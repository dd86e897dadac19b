/**
 * One dispatched server-sent event.
 */
export interface ServerSentEvent {
  /** The `event:` field; `message` when absent, as in the HTML standard. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Incremental parser of a `text/event-stream` body (HTML standard, "Parsing an event stream"),
 * fed with decoded text chunks as they arrive. `EventSource` cannot send the Backstage token,
 * so the stream is read through `fetchApi` and parsed here.
 */
export class ServerSentEventParser {
  private buffer = '';
  private eventType = '';
  private data: string[] = [];
  private lastEventId: string | undefined;
  /** The last `retry:` value in milliseconds, when the server sent one. */
  retry: number | undefined;

  /** Adds a chunk and returns the events it completes. */
  feed(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    // Lines end with CRLF, LF or CR. A CR at the very end may be the first half of a CRLF.
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) {
        break;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    return events;
  }

  private processLine(line: string): ServerSentEvent | undefined {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return undefined; // comment, e.g. a keep-alive
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const hasData = this.data.length > 0;
    const event: ServerSentEvent = {
      event: this.eventType || 'message',
      data: this.data.join('\n'),
      ...(this.lastEventId !== undefined ? { id: this.lastEventId } : {}),
    };
    this.eventType = '';
    this.data = [];
    return hasData ? event : undefined;
  }
}
