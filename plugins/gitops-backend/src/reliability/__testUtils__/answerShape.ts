import { z } from 'zod';
import type { BackendResponse } from './BackendClient';

/** Backstage's error body, as its error middleware serialises thrown errors. */
const backstageError = z.object({
  error: z.object({ name: z.string().min(1), message: z.string() }),
  request: z.object({ method: z.string(), url: z.string() }),
  response: z.object({ statusCode: z.number() }),
});

/**
 * Why an answer breaks the rules of the suite (a 5xx, a refusal that is not Backstage's
 * JSON error shape, or a refusal whose status differs from the one in its body), or null
 * when it keeps them. `304` (a conditional request) is a success.
 *
 * @param options - `peerFailure`: allow `502`, the answer when a peer (the Git host) failed.
 */
export function answerProblem(
  res: BackendResponse,
  options: { peerFailure?: boolean } = {},
): string | null {
  const badGateway = options.peerFailure === true && res.status === 502;
  if (res.status >= 500 && !badGateway) {
    return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  }
  if (res.status < 400) {
    return (res.status >= 200 && res.status < 300) || res.status === 304
      ? null
      : `answered ${res.status}`;
  }
  const parsed = backstageError.safeParse(res.json);
  if (!parsed.success) {
    return `answered ${
      res.status
    } without Backstage's error body: ${res.text.slice(0, 300)}`;
  }
  if (parsed.data.response.statusCode !== res.status) {
    return `answered ${res.status} with a body saying ${parsed.data.response.statusCode}`;
  }
  return null;
}
