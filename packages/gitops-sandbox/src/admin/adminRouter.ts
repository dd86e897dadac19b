import express, { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../util/HttpError';
import { SandboxKnobs } from './SandboxKnobs';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const schemas = {
  drift: z.object({
    application: z.string().min(1),
    resource: z
      .string()
      .regex(/^[A-Za-z]+\/[a-z0-9.-]+$/)
      .optional(),
    replicas: z.number().int().min(0).max(1000),
  }),
  selfHeal: z.object({
    application: z.string().min(1),
    enabled: z.boolean(),
  }),
  badDigest: z.object({
    digest: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: and 64 hex digits'),
    bad: z.boolean().default(true),
  }),
  syncWindow: z.object({ instance: z.string().min(1), active: z.boolean() }),
  autoSync: z
    .object({
      application: z.string().min(1).optional(),
      instance: z.string().min(1).optional(),
      enabled: z.boolean(),
    })
    .refine(b => !!b.application !== !!b.instance, {
      message: 'give either application or instance',
    }),
  latency: z.object({
    instance: z.string().min(1).optional(),
    ms: z.number().int().min(0).max(60000),
  }),
  scale: z.object({
    instances: z.number().int().min(1).max(100),
    appsPerInstance: z.number().int().min(0).max(50000),
  }),
  preview: z.object({
    service: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    number: z.number().int().min(1),
    open: z.boolean(),
  }),
  sync: z.object({
    instance: z.string().min(1).optional(),
    application: z.string().min(1),
  }),
};

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new HttpError(
      400,
      `invalid body: ${result.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

function pullNumber(req: Request): number {
  const n = Number(req.params.number);
  if (!Number.isInteger(n) || n < 1) {
    throw new HttpError(
      400,
      `invalid pull request number: ${req.params.number}`,
    );
  }
  return n;
}

/**
 * The admin API (`/admin`, JSON, loopback only): the sandbox's knobs over HTTP, for the CLI,
 * the dashboard, end-to-end tests and benchmarks.
 */
export function adminRouter(knobs: SandboxKnobs): express.Router {
  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      res
        .status(403)
        .json({ error: 'the admin API answers loopback callers only' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '100kb' }));

  const post = (path: string, handler: (req: Request) => Promise<unknown>) => {
    router.post(path, async (req, res, next) => {
      try {
        const result = await handler(req);
        res.json(result ?? { ok: true });
      } catch (error) {
        next(error);
      }
    });
  };

  post('/drift', req => knobs.drift(parse(schemas.drift, req.body)));
  post('/self-heal', req => knobs.selfHeal(parse(schemas.selfHeal, req.body)));
  post('/bad-digest', req =>
    knobs.badDigest(parse(schemas.badDigest, req.body)),
  );
  post('/sync-window', req =>
    knobs.syncWindow(parse(schemas.syncWindow, req.body)),
  );
  post('/auto-sync', req => knobs.autoSync(parse(schemas.autoSync, req.body)));
  post('/instances/:name/stop', req => knobs.stopInstance(req.params.name));
  post('/instances/:name/start', req => knobs.startInstance(req.params.name));
  post('/latency', req => knobs.latency(parse(schemas.latency, req.body)));
  post('/scale', req => knobs.scale(parse(schemas.scale, req.body)));
  post('/reset', () => knobs.reset());
  post('/pulls/:number/merge', req => knobs.mergePull(pullNumber(req)));
  post('/pulls/:number/close', req => knobs.closePull(pullNumber(req)));
  post('/previews', req => knobs.preview(parse(schemas.preview, req.body)));
  post('/sync', req => knobs.sync(parse(schemas.sync, req.body)));
  post('/counters/reset', async () => knobs.resetCounters());
  router.get('/counters', (_req, res) => {
    res.json(knobs.counters());
  });
  router.get('/state', async (_req, res, next) => {
    try {
      res.json(await knobs.state());
    } catch (error) {
      next(error);
    }
  });

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'no such admin endpoint' });
  });
  router.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof HttpError) {
        const body = error.body as { message?: string } | undefined;
        res
          .status(error.status)
          .json({ error: body?.message ?? error.message });
        return;
      }
      if ((error as { type?: string })?.type === 'entity.parse.failed') {
        res.status(400).json({ error: 'invalid JSON body' });
        return;
      }
      res
        .status(500)
        .json({ error: (error as Error)?.message ?? 'internal error' });
    },
  );
  return router;
}
