import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ChangeRecordStore } from './ChangeRecordStore';

/**
 * The plugin's change records, in its database: runs the migrations first (unless
 * `backend.database.migrations.skip`). Both sides use the store: the write side records
 * changes, the read side shows them with the status.
 *
 * @public
 */
export async function openChangeRecordStore(
  database: DatabaseService,
): Promise<ChangeRecordStore> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@gitops-portal/plugin-gitops-backend',
        'migrations',
      ),
    });
  }
  return new ChangeRecordStore(knex);
}
