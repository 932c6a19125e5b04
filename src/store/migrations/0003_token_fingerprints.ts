import type { Kysely, Migration } from 'kysely';

/**
 * A keyed HMAC of each link's processor token, so a token whose link was removed is recognised (and
 * refused) when a brand sends it again: linking again needs a new processor token.
 */
export function tokenFingerprints(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema.alterTable('linked_accounts').addColumn('token_fingerprint', 'text').execute();
      await db.schema
        .createIndex('linked_accounts_token_fingerprint_idx')
        .on('linked_accounts')
        .columns(['brand_id', 'token_fingerprint'])
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('linked_accounts_token_fingerprint_idx').execute();
      await db.schema.alterTable('linked_accounts').dropColumn('token_fingerprint').execute();
    },
  };
}
