/*
 * Records of the changes the GitOps plugin made by pull request: promotions, rollbacks, pins
 * and onboardings. Timestamps are ISO-8601 UTC strings (same text on SQLite and PostgreSQL,
 * sortable as text).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_change_records', table => {
    table.comment(
      'Promotions, rollbacks, pins and onboardings, one row per pull request',
    );
    table.string('id', 36).primary().comment('UUID of the record');
    table
      .string('type', 16)
      .notNullable()
      .comment('promotion | rollback | pin | onboarding');
    table.string('entity_ref', 255).nullable();
    table.string('service', 64).notNullable();
    table.string('from_env', 64).nullable();
    table.string('to_env', 255).notNullable();
    table.string('digest', 80).notNullable();
    table.string('previous_digest', 80).nullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('open | merged | deployed | closed | failed');
    table.string('branch', 255).notNullable();
    table.integer('pr_number').nullable();
    table.string('pr_url', 1024).nullable();
    table
      .string('commit_sha', 64)
      .nullable()
      .comment('The commit on the branch');
    table.string('merge_commit_sha', 64).nullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('merged_at', 32).nullable();
    table.string('deployed_at', 32).nullable();
    table.text('gates').notNullable().comment('JSON array of gate results');
    table.text('message').nullable();
    table
      .string('active_key', 255)
      .nullable()
      .unique()
      .comment(
        'The branch while the record is open; unique, so one open change per branch',
      );
    table
      .string('lease_until', 32)
      .nullable()
      .comment(
        'Until when the writer that claimed the record may finish it alone',
      );
    table.index(
      ['entity_ref', 'created_at'],
      'gitops_change_records_entity_idx',
    );
    table.index(['state'], 'gitops_change_records_state_idx');
    table.index(['commit_sha'], 'gitops_change_records_commit_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_change_records');
};
