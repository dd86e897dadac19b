/*
 * A server-sent events body for msw handlers that the test writes to, framed like the
 * backend's `GET .../events` stream.
 */
import type { EntityGitOpsStatus } from '@gitops-portal/plugin-gitops-common';

const encoder = new TextEncoder();

/** An open server-sent events body: send status events, raw text, or end it. */
export function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    body,
    /** Sends one `status` event carrying the whole status. */
    send(status: EntityGitOpsStatus) {
      controller.enqueue(
        encoder.encode(`event: status\ndata: ${JSON.stringify(status)}\n\n`),
      );
    },
    /** Sends text as is (partial frames, comments). */
    raw(text: string) {
      controller.enqueue(encoder.encode(text));
    },
    close() {
      controller.close();
    },
  };
}
