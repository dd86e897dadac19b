import { bypass, http, HttpResponse, type HttpHandler, passthrough } from 'msw';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What the faulty GitHub does instead of answering; `undefined` lets the request through after
 * the answer's side effect (the repository changing at the worst moment).
 */
export type FaultAnswer = (
  request: Request,
) => Promise<Response | undefined> | Response | undefined;

/**
 * A fault in front of one endpoint of the sandbox's GitHub API (msw): the first `times`
 * requests get the fault, the others reach the sandbox. Records when each request came, so
 * that the test can check how long the client waited before retrying.
 */
export class GitHubFault {
  /** Arrival time of every request to the endpoint. */
  readonly arrivals: number[] = [];
  private left: number;
  private passed = 0;

  constructor(
    private readonly method: Method,
    private readonly url: string,
    private readonly answer: FaultAnswer,
    times = 1,
  ) {
    this.left = times;
  }

  /** Requests that got the fault. */
  get faulted(): number {
    return this.arrivals.length - this.passed;
  }

  handler(): HttpHandler {
    return http[this.method](this.url, async ({ request }) => {
      this.arrivals.push(Date.now());
      if (this.left > 0) {
        this.left -= 1;
        const answer = await this.answer(request);
        if (answer) return answer;
      }
      this.passed += 1;
      return passthrough();
    });
  }

  /** Milliseconds between the first faulted request and the next request. */
  retryGapMs(): number {
    return this.arrivals[1] - this.arrivals[0];
  }
}

/** GitHub's error body with a status and headers. */
export const githubError =
  (status: number, message: string, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(
      { message, documentation_url: 'https://docs.github.com/rest' },
      { status, headers },
    );

/** The request reaches the sandbox (and does its work), but its answer is lost in a 502. */
export const lostAnswer =
  (status = 502) =>
  async (request: Request) => {
    await fetch(bypass(request));
    return HttpResponse.json({ message: 'Bad Gateway' }, { status });
  };

/** A host that repeats the credential it was sent in its error message. */
export const echoCredentials = (status: number) => (request: Request) => {
  const credential = (request.headers.get('authorization') ?? '').replace(
    /^\S+\s+/,
    '',
  );
  return HttpResponse.json(
    { message: `Bad credentials: ${credential} was refused` },
    { status },
  );
};

/** A request that never gets an answer (the process waiting on it is killed meanwhile). */
export const never = () => new Promise<Response>(() => {});
