import { type CipherContext, createKeyring, deriveFingerprintKey, type Keyring } from '../../lib/crypto.js';
import type { Db } from '../../store/db.js';
import { keepKeyMaterial, readKeyMaterial, writeKeyMaterial } from '../../store/key-material.store.js';
import {
  listSealedValues,
  SEALED_COLUMNS,
  type SealedColumn,
  updateSealedValue,
} from '../../store/sealed-columns.store.js';
import { transact, type Tx } from '../../store/tx.js';

/**
 * The master key's life: the fingerprint key in force, and the rotation that re-seals every secret
 * under a new master key in one transaction (all or nothing: a failure leaves the old key in force).
 */

const FINGERPRINT_KEY = 'fingerprint';
const keyContext = (name: string): CipherContext => ({ brandId: '', rowId: name, column: 'key' });
const PAGE = 500;

export class MasterKeyMismatch extends Error {
  override name = 'MasterKeyMismatch';
}

/**
 * The fingerprint key: derived from the master key the database is first started with, and kept,
 * sealed under the master key, from then on (a rotation re-seals it). A start with another master
 * key is refused here, before it serves, rather than failing on the first secret it reads.
 */
export async function loadFingerprintKey(db: Db, masterKey: Buffer, now = new Date()): Promise<Buffer> {
  let sealed = await readKeyMaterial(db, FINGERPRINT_KEY);
  if (sealed === undefined) {
    const derived = deriveFingerprintKey(masterKey);
    const mine = createKeyring(masterKey).encrypt(derived.toString('base64'), keyContext(FINGERPRINT_KEY));
    if (!(await keepKeyMaterial(db, FINGERPRINT_KEY, mine, now.toISOString()))) return derived;
    // Ours, or the one a process started at the same moment kept first.
    sealed = (await readKeyMaterial(db, FINGERPRINT_KEY)) ?? mine;
  }
  try {
    return Buffer.from(createKeyring(masterKey).decrypt(sealed, keyContext(FINGERPRINT_KEY)), 'base64');
  } catch {
    throw new MasterKeyMismatch(
      "the master key does not open this database's keys: LINKPORT_MASTER_KEY must be the key the database was first started with, or the key of its last rotation",
    );
  }
}

export interface RotationReport {
  columns: Array<{ table: string; column: string; count: number }>;
  total: number;
}

async function resealColumn(tx: Tx, col: SealedColumn, from: Keyring, to: Keyring): Promise<number> {
  let after = '';
  let count = 0;
  for (;;) {
    const page = await listSealedValues(tx, col, after, PAGE);
    for (const row of page) {
      const ctx = { brandId: row.brandId, rowId: row.id, column: col.aad };
      let plain: string;
      try {
        plain = from.decrypt(row.value, ctx);
      } catch {
        throw new MasterKeyMismatch(
          `${col.table}.${col.column} of row ${row.id} does not open with the current master key; nothing was changed`,
        );
      }
      await updateSealedValue(tx, col, row.id, to.encrypt(plain, ctx));
    }
    count += page.length;
    const last = page.at(-1);
    if (page.length < PAGE || !last) return count;
    after = last.id;
  }
}

/**
 * Re-seals every sealed column (store/sealed-columns.store.ts) from `current` to `next`, and keeps
 * the fingerprint key, sealed under `next`, so duplicate detection goes on matching. One transaction.
 */
export async function rotateMasterKey(
  db: Db,
  keys: { current: Buffer; next: Buffer },
  now: Date,
): Promise<RotationReport> {
  if (keys.current.equals(keys.next)) throw new MasterKeyMismatch('the new master key is the current one');
  const fingerprintKey = await loadFingerprintKey(db, keys.current);
  const from = createKeyring(keys.current, fingerprintKey);
  const to = createKeyring(keys.next, fingerprintKey);
  return transact(db, async (tx) => {
    const columns: RotationReport['columns'] = [];
    for (const col of SEALED_COLUMNS)
      columns.push({ table: col.table, column: col.column, count: await resealColumn(tx, col, from, to) });
    const sealedKey = to.encrypt(fingerprintKey.toString('base64'), keyContext(FINGERPRINT_KEY));
    await writeKeyMaterial(tx, FINGERPRINT_KEY, sealedKey, now.toISOString());
    return { columns, total: columns.reduce((sum, c) => sum + c.count, 0) };
  });
}
