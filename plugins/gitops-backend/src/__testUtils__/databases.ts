import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';

const IDS: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];

/** PostgreSQL 15 (when configured, see the README) and SQLite. */
export const databases = TestDatabases.create({ ids: IDS });

/**
 * Declares one test per database. A database that is not available here (PostgreSQL without
 * a connection string) is reported as a skipped test, never as a pass.
 */
export function itOnEachDatabase(
  title: string,
  fn: (id: TestDatabaseId) => Promise<void>,
  timeout?: number,
): void {
  for (const id of IDS) {
    const declare = databases.supports(id) ? it : it.skip;
    declare(`${title}, on ${id}`, () => fn(id), timeout);
  }
}

/** A migrated database of the plugin. */
export async function migratedDatabase(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@gitops-portal/plugin-gitops-backend',
      'migrations',
    ),
  });
  return knex;
}
