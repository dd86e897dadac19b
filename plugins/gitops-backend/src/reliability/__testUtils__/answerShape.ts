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
 * when it keeps them. `304` is a success of a conditional request.
 */
export function answerProblem(res: BackendResponse): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) {
    return res.status >= 200 && res.status < 400 && res.status !== 302
      ? null
      : `answered ${res.status}`;
  }
  const parsed = backstageError.safeParse(res.json);
  if (!parsed.success) {
    return `answered ${res.status} without Backstage's error body: ${res.text.slice(
      0,
      300,
    )}`;
  }
  if (parsed.data.response.statusCode !== res.status) {
    return `answered ${res.status} with a body saying ${parsed.data.response.statusCode}`;
  }
  return null;
}
