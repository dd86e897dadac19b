import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import type { EntityGitOpsStatus } from '@gitops-portal/plugin-gitops-common';
import { waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { eventStream } from '../__testUtils__/eventStream';
import { makeStatusAtStagingStep } from '../__testUtils__/status';
import type { StatusUpdateMode } from './GitOpsApi';
import { StatusStream } from './StatusStream';

const STATUS_URL =
  'http://backstage.test/api/gitops/v1/entities/default/component/gateway/status';
const EVENTS_URL =
  'http://backstage.test/api/gitops/v1/entities/default/component/gateway/events';

const server = setupServer();
registerMswTestHooks(server);

function follow(timing = { pollIntervalMs: 20, reconnectDelayMs: 20 }) {
  const statuses: EntityGitOpsStatus[] = [];
  const modes: StatusUpdateMode[] = [];
  const errors: Array<Error | undefined> = [];
  const stream = new StatusStream({
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
    statusUrl: STATUS_URL,
    eventsUrl: EVENTS_URL,
    subscriber: {
      onStatus: s => statuses.push(s),
      onModeChange: m => modes.push(m),
      onError: e => errors.push(e),
    },
    timing: { ...timing, eventsRetryMs: 60_000 },
  });
  stream.start();
  return { stream, statuses, modes, errors };
}

describe('StatusStream', () => {
  it('follows server-sent events and reports only changes', async () => {
    const events = eventStream();
    let eventsAuth: string | null = null;
    server.use(
      http.get(STATUS_URL, () => HttpResponse.json(makeStatusAtStagingStep(1))),
      http.get(EVENTS_URL, ({ request }) => {
        eventsAuth = request.headers.get('authorization');
        return new HttpResponse(events.body, {
          headers: { 'content-type': 'text/event-stream' },
        });
      }),
    );
    const { stream, statuses, modes } = follow();
    await waitFor(() => expect(modes).toEqual(['connecting', 'live']));
    expect(eventsAuth).toBe('Bearer user-token');
    expect(statuses).toHaveLength(1);

    events.send(makeStatusAtStagingStep(1)); // unchanged: not reported
    events.raw(': keep-alive\n\n');
    // One event split over two chunks.
    const next = `event: status\ndata: ${JSON.stringify(
      makeStatusAtStagingStep(2),
    )}\n\n`;
    events.raw(next.slice(0, 40));
    events.raw(next.slice(40));
    await waitFor(() => expect(statuses).toHaveLength(2));
    expect(statuses[1].environments[1].targets[0].rollout?.step).toBe(2);

    events.send(makeStatusAtStagingStep(3));
    await waitFor(() => expect(statuses).toHaveLength(3));
    stream.stop();
  });

  it('polls with If-None-Match when events are unavailable', async () => {
    const conditions: Array<string | null> = [];
    let current = makeStatusAtStagingStep(1);
    server.use(
      http.get(STATUS_URL, ({ request }) => {
        const condition = request.headers.get('if-none-match');
        conditions.push(condition);
        const etag = `"step-${current.environments[1].targets[0].rollout?.step}"`;
        if (condition === etag) {
          return new HttpResponse(null, { status: 304 });
        }
        return HttpResponse.json(current, { headers: { etag } });
      }),
      http.get(EVENTS_URL, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no events' } },
          { status: 404 },
        ),
      ),
    );
    const { stream, statuses, modes } = follow();
    await waitFor(() => expect(modes).toEqual(['connecting', 'polling']));
    await waitFor(() => expect(conditions.length).toBeGreaterThanOrEqual(3));
    expect(conditions[0]).toBeNull();
    expect(conditions[1]).toBe('"step-1"');
    expect(statuses).toHaveLength(1);

    current = makeStatusAtStagingStep(4);
    await waitFor(() => expect(statuses).toHaveLength(2));
    expect(statuses[1].environments[1].targets[0].rollout?.step).toBe(4);
    stream.stop();
    const calls = conditions.length;
    await new Promise(r => setTimeout(r, 60));
    expect(conditions.length).toBe(calls);
  });

  it('reconnects when the event stream ends, catching up first', async () => {
    const streams: Array<ReturnType<typeof eventStream>> = [];
    let current = makeStatusAtStagingStep(1);
    server.use(
      http.get(STATUS_URL, () => HttpResponse.json(current)),
      http.get(EVENTS_URL, () => {
        const events = eventStream();
        streams.push(events);
        return new HttpResponse(events.body, {
          headers: { 'content-type': 'text/event-stream' },
        });
      }),
    );
    const { stream, statuses, modes } = follow();
    await waitFor(() => expect(modes).toEqual(['connecting', 'live']));
    expect(statuses).toHaveLength(1);
    current = makeStatusAtStagingStep(5); // changes while the server goes away
    streams[0].close();
    await waitFor(() => expect(streams).toHaveLength(2));
    await waitFor(() => expect(statuses).toHaveLength(2));
    expect(statuses[1].environments[1].targets[0].rollout?.step).toBe(5);
    streams[1].send(makeStatusAtStagingStep(6));
    await waitFor(() => expect(statuses).toHaveLength(3));
    stream.stop();
  });

  it('reports failures and recovery without dropping the subscription', async () => {
    let fail = true;
    server.use(
      http.get(STATUS_URL, () =>
        fail
          ? HttpResponse.json(
              { error: { name: 'Error', message: 'backend restarting' } },
              { status: 503 },
            )
          : HttpResponse.json(makeStatusAtStagingStep(1)),
      ),
      http.get(EVENTS_URL, () => new HttpResponse(null, { status: 503 })),
    );
    const { stream, statuses, errors } = follow();
    await waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect(errors[0]?.message).toMatch(/503/);
    expect(statuses).toHaveLength(0);
    fail = false;
    await waitFor(() => expect(statuses).toHaveLength(1));
    expect(errors[errors.length - 1]).toBeUndefined();
    stream.stop();
  });

  it('slows its polling down while the backend keeps failing', async () => {
    let requests = 0;
    server.use(
      http.get(STATUS_URL, () => {
        requests += 1;
        return HttpResponse.json(
          { error: { name: 'Error', message: 'down' } },
          { status: 503 },
        );
      }),
      http.get(EVENTS_URL, () => new HttpResponse(null, { status: 503 })),
    );
    const { stream } = follow();
    await new Promise(r => setTimeout(r, 600));
    stream.stop();
    // At a fixed 20 ms interval this would be about 30 requests; doubling keeps it under 8.
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(requests).toBeLessThan(8);
  });
});
