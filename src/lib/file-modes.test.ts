import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOrCreateSecretFile } from './secret-file.js';
import { openSqliteDatabase } from './sqlite.js';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('files that hold secrets are readable by their owner only', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'linkport-modes-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the database directory 0700 and the database, its WAL and shared memory 0600', () => {
    const file = path.join(root, 'data', 'linkport.db');
    const { database } = openSqliteDatabase(file);
    database.prepare('create table t (x text)').run([]);
    database.prepare("insert into t values ('secret')").run([]);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
    database.close();
  });

  it('narrows a database file left readable by others', () => {
    const file = path.join(root, 'old.db');
    writeFileSync(file, '', { mode: 0o644 });
    chmodSync(file, 0o644);
    const { database } = openSqliteDatabase(file);
    database.prepare('create table t (x text)').run([]);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    database.close();
  });

  it('writes generated key files 0600 and narrows one found wider', () => {
    const dir = path.join(root, 'keys');
    const created = readOrCreateSecretFile(dir, 'master.key', () => 'k'.repeat(44));
    expect(modeOf(created.file)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    chmodSync(created.file, 0o644);
    expect(readOrCreateSecretFile(dir, 'master.key', () => 'other').value).toBe('k'.repeat(44));
    expect(modeOf(created.file)).toBe(0o600);
  });
});
