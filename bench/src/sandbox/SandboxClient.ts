import type { ArgoInstanceConfig } from '../backends';
import { HttpClient } from '../views/HttpClient';

/** Calls per endpoint, per Argo CD instance and for `github` (the sandbox's `GET /admin/counters`). */
export type Counters = Record<string, Record<string, number>>;

/** Totals of a counters snapshot. */
export interface CounterTotals {
  /** Every Argo CD call, all instances. */
  argocd: number;
  github: number;
  /** Argo CD calls per endpoint, all instances. */
  argocdByEndpoint: Record<string, number>;
}

/** Endpoints the harness itself calls (freshness changes), never charged to a backend. */
export const HARNESS_ENDPOINTS = ['POST /api/v1/applications/{name}/sync'];

/** Sums a counters snapshot, leaving out the harness's own calls. */
export function totalsOf(counters: Counters): CounterTotals {
  const totals: CounterTotals = { argocd: 0, github: 0, argocdByEndpoint: {} };
  for (const [owner, endpoints] of Object.entries(counters)) {
    for (const [endpoint, calls] of Object.entries(endpoints)) {
      if (owner === 'github') {
        totals.github += calls;
      } else if (!HARNESS_ENDPOINTS.includes(endpoint)) {
        totals.argocd += calls;
        totals.argocdByEndpoint[endpoint] =
          (totals.argocdByEndpoint[endpoint] ?? 0) + calls;
      }
    }
  }
  return totals;
}

/** A listed application: name and labels only (`fields` projection). */
export interface ListedApplication {
  instance: string;
  name: string;
  labels: Record<string, string>;
}

/** The harness's side of the sandbox: admin API (counters) and Argo CD API (discovery, changes). */
export class SandboxClient {
  private readonly admin: HttpClient;
  private readonly argo = new Map<string, HttpClient>();

  constructor(url: string, instances: ArgoInstanceConfig[]) {
    this.admin = new HttpClient(url);
    for (const instance of instances) {
      this.argo.set(
        instance.name,
        new HttpClient(instance.url, instance.token),
      );
    }
  }

  async counters(): Promise<Counters> {
    const answer = await this.admin.get<Counters>('/admin/counters');
    if (answer.status !== 200) {
      throw new Error(`GET /admin/counters answered ${answer.status}`);
    }
    return answer.body;
  }

  async resetCounters(): Promise<void> {
    const answer = await this.admin.post('/admin/counters/reset', {});
    if (answer.status !== 200) {
      throw new Error(`POST /admin/counters/reset answered ${answer.status}`);
    }
  }

  private instance(name: string): HttpClient {
    const client = this.argo.get(name);
    if (!client) throw new Error(`no Argo CD instance ${name}`);
    return client;
  }

  /** Every application of an instance, names and labels only. */
  async listApplications(instance: string): Promise<ListedApplication[]> {
    const answer = await this.instance(instance).get<{
      items: Array<{
        metadata: { name: string; labels?: Record<string, string> };
      }> | null;
    }>('/api/v1/applications?fields=items.metadata.name,items.metadata.labels');
    if (answer.status !== 200) {
      throw new Error(
        `listing the applications of ${instance} answered ${answer.status}`,
      );
    }
    return (answer.body.items ?? []).map(item => ({
      instance,
      name: item.metadata.name,
      labels: item.metadata.labels ?? {},
    }));
  }

  /**
   * Syncs an application through the Argo CD API: a new sync revision and history entry (the
   * state change of the freshness trials).
   */
  async syncApplication(instance: string, application: string): Promise<void> {
    const answer = await this.instance(instance).post(
      `/api/v1/applications/${encodeURIComponent(application)}/sync`,
      { name: application },
    );
    if (answer.status !== 200) {
      throw new Error(
        `syncing ${application} on ${instance} answered ${
          answer.status
        }: ${JSON.stringify(answer.body).slice(0, 200)}`,
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([
      this.admin.close(),
      ...[...this.argo.values()].map(c => c.close()),
    ]);
  }
}
