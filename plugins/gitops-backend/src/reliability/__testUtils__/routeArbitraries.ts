import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { digestOf } from './hostileFiles';

/** One request of the fuzzer. */
export interface FuzzRequest {
  /** The route it aims at, for the report. */
  route: string;
  method: 'GET' | 'POST';
  /** Under `/api/gitops`, already encoded (raw `..` and `;` included). */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** Permissions the policy denies for this request. */
  deny: string[];
}

const ENTITY_NAMES = ['gateway', 'ledger', 'web', 'plain', 'sneaky', 'nope'];
const ENVIRONMENTS = ['dev', 'staging', 'prod', 'qa', ''];
const DIGESTS = [digestOf('a'), digestOf('b'), 'sha256:abc', 'latest', ''];

/** A string from anywhere in Unicode, or one of the values the routes know. */
const anyText = fc.string({ unit: 'binary', maxLength: 24 });
const knownOr = (known: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: anyText },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '../prod',
        'a/b',
        '%',
        '\u0000',
        'x'.repeat(600),
        'component:default/gateway',
        'GATEWAY',
        ' gateway',
      ),
    },
  );

/** Percent-encodes every byte outside the unreserved set (unlike encodeURIComponent, never throws). */
function pct(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'))
    .map(b =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A path segment: encoded text, or raw tokens the router sees as they are. */
const segment = (known: string[]) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: knownOr(known)
        .filter(s => s.length > 0)
        .map(pct),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        'a%2Fb',
        '%00',
        '%zz',
        '%E0%A4%A',
        ';x=1',
        "~!$&'()*+,=:@",
      ),
    },
  );

/** A query string over the parameters a route knows, plus unknown ones and odd encodings. */
const query = (params: Record<string, string[]>) =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...Object.keys(params)) },
        { weight: 1, arbitrary: anyText },
      ),
      { maxLength: 5 },
    )
    .chain(keys =>
      fc.tuple(
        fc.constant(keys),
        fc.tuple(
          ...keys.map(k =>
            knownOr(Object.hasOwn(params, k) ? params[k] : ['1']),
          ),
        ),
        fc.constantFrom('', '&%', '&a=%E0%A4%A', '&=', '&x[y]=1'),
      ),
    )
    .map(([keys, values, tail]) => {
      const pairs = keys.map((k, i) => `${pct(k)}=${pct(values[i])}`);
      const text = pairs.join('&') + tail;
      return text ? `?${text}` : '';
    });

/** Who asks: the default mock user, nobody, a forged token, a service. */
const caller = fc.constantFrom<Record<string, string>>(
  {},
  {},
  {},
  { authorization: mockCredentials.none.header() },
  { authorization: mockCredentials.user.invalidHeader() },
  { authorization: 'Bearer ' },
  { authorization: 'Basic Zm9vOmJhcg==' },
  { authorization: mockCredentials.service.header() },
);

/** A JSON body: the route's fields with right and wrong values, or anything at all. */
const body = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(fields, { requiredKeys: [] }).chain(known =>
        fc
          .option(fc.dictionary(anyText, fc.jsonValue({ maxDepth: 1 })), {
            freq: 4,
          })
          .map(extra => (extra ? { ...extra, ...known } : known)),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );

const field = (known: unknown[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

/** A body as sent on the wire: JSON, broken JSON, another content type, too large. */
const wire = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: value.map(v => ({
        body: v,
        headers: {} as Record<string, string>,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{"entityRef": "gateway", "to": ',
          '{"__proto__": {"dryRun": false}, "to": "staging"}',
          '[1,2',
          'null',
          '"x"',
          `{"service":"${'x'.repeat(120_000)}"}`,
        )
        .map(raw => ({
          rawBody: raw,
          headers: { 'content-type': 'application/json' },
        })),
    },
    {
      weight: 1,
      arbitrary: value.map(v => ({
        rawBody: JSON.stringify(v ?? null),
        headers: { 'content-type': 'text/plain' },
      })),
    },
  );

const entityPath = fc
  .tuple(
    segment(['default', 'Default', 'other']),
    segment(['component', 'Component', 'api']),
    segment(ENTITY_NAMES),
  )
  .map(([ns, kind, name]) => `/v1/entities/${ns}/${kind}/${name}`);

const dryRun = field([true, false, 'true', 1, null]);

/** Mostly nothing; sometimes some of the plugin's permissions. */
const denied = fc.option(
  fc.subarray([
    'gitops.status.read',
    'gitops.promotion.create',
    'gitops.rollback.create',
    'gitops.pin.create',
  ]),
  { freq: 3, nil: [] as string[] },
);

/** Requests for every route of the plugin. */
export function fuzzRequest(): fc.Arbitrary<FuzzRequest> {
  const get = (
    route: string,
    path: fc.Arbitrary<string>,
    extraHeaders: fc.Arbitrary<Record<string, string>> = fc.constant({}),
  ) =>
    fc.tuple(path, caller, extraHeaders, denied).map(([p, c, h, deny]) => ({
      route,
      method: 'GET' as const,
      path: p,
      headers: { ...c, ...h },
      deny,
    }));
  const post = (route: string, path: string, value: fc.Arbitrary<unknown>) =>
    fc.tuple(wire(value), caller, denied).map(([w, c, deny]) => ({
      route,
      deny,
      method: 'POST' as const,
      path,
      headers: { ...c, ...w.headers },
      body: 'body' in w ? w.body : undefined,
      rawBody: 'rawBody' in w ? w.rawBody : undefined,
    }));

  return fc.oneof(
    get('GET /health', fc.constant('/health')),
    get('GET /v1/config', fc.constant('/v1/config')),
    get(
      'GET status',
      entityPath.map(p => `${p}/status`),
      fc.constantFrom<Record<string, string>>(
        {},
        { 'if-none-match': '*' },
        { 'if-none-match': 'W/"x", "y"' },
      ),
    ),
    get(
      'GET drift',
      fc
        .tuple(
          entityPath,
          query({
            instance: ['nonprod', 'prod', 'staging'],
            application: [
              'gateway-dev',
              'gateway-staging',
              'ledger-prod',
              'Gateway',
            ],
            namespace: ['argocd', 'team-ledger'],
            environment: ENVIRONMENTS,
          }),
        )
        .map(([p, q]) => `${p}/drift${q}`),
    ),
    {
      weight: 1,
      arbitrary: get(
        'GET events',
        entityPath.map(p => `${p}/events`),
      ),
    },
    get(
      'GET history',
      fc
        .tuple(
          entityPath,
          query({
            environment: ENVIRONMENTS,
            cursor: ['1', 'abc', '-1'],
            limit: ['1', '0', '100', '101', '-5', '1e3', 'x'],
          }),
        )
        .map(([p, q]) => `${p}/history${q}`),
    ),
    get(
      'GET promotions',
      query({
        entityRef: ['component:default/gateway', 'gateway', 'nope', 'a:b:c'],
        service: ['gateway', 'ledger', '../x'],
        state: ['open', 'open,merged', 'bogus', ''],
        type: ['promotion', 'pin', 'bogus'],
        limit: ['1', '500', '501', '0', 'x'],
      }).map(q => `/v1/promotions${q}`),
    ),
    get(
      'GET promotion',
      segment(['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '']).map(
        id => `/v1/promotions/${id}`,
      ),
    ),
    post(
      'POST promotions',
      '/v1/promotions',
      body({
        entityRef: field([
          'component:default/gateway',
          'gateway',
          'ledger',
          'web',
          'component:default/plain',
          'nope',
          'aliased',
          'bomb',
        ]),
        to: field(ENVIRONMENTS),
        from: field(ENVIRONMENTS),
        dryRun,
      }),
    ),
    post(
      'POST rollbacks',
      '/v1/rollbacks',
      body({
        entityRef: field([
          'component:default/gateway',
          'ledger',
          'nope',
          'huge',
        ]),
        environment: field(ENVIRONMENTS),
        digest: field(DIGESTS),
        dryRun,
      }),
    ),
    post(
      'POST pins',
      '/v1/pins',
      body({
        service: field([
          'gateway',
          'ledger',
          'web',
          '../prod',
          'missing',
          'duplicated',
          'folded',
        ]),
        environment: field(ENVIRONMENTS),
        digest: field(DIGESTS),
        image: field([
          'ghcr.io/acme/gateway',
          'ghcr.io/acme/ledger',
          'UPPER/case',
          '',
        ]),
        dryRun,
      }),
    ),
    post(
      'POST onboardings',
      '/v1/onboardings',
      body({
        service: field(['newsvc', 'gateway', '../etc', 'a'.repeat(100)]),
        image: field(['ghcr.io/acme/newsvc', 'bad image', '']),
        environments: field([['dev'], ['dev', 'staging'], [], ['qa'], 'dev']),
        digest: field(DIGESTS),
        format: field(['helm', 'kustomize', 'jsonnet']),
        dryRun,
      }),
    ),
  );
}
