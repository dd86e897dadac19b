import type { BenchEntity, ViewResult } from '../views/types';

/** Every view of one pass, in entity order, and how long the pass took. */
export interface ViewPass {
  concurrency: number;
  wallMs: number;
  results: ViewResult[];
}

/**
 * Renders the view of every entity, `concurrency` at a time (1 = one after the other), the
 * way that many people opening entity pages at once would.
 */
export async function runViews(
  render: (entity: BenchEntity) => Promise<ViewResult>,
  entities: BenchEntity[],
  concurrency: number,
): Promise<ViewPass> {
  const results: ViewResult[] = new Array(entities.length);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < entities.length) {
      const i = next++;
      results[i] = await render(entities[i]);
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.max(1, Math.min(concurrency, entities.length)) },
      worker,
    ),
  );
  return { concurrency, wallMs: performance.now() - started, results };
}
