import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AchTransport, joinName, splitName, splitPrefix, TransportError } from './transport.js';

/**
 * The default transport: a local folder tree. Folders are 0700 and files 0600, since the files
 * carry account numbers. A file appears whole: it is written under a dot-name, then hard-linked
 * to its name (which fails rather than overwrite) and the dot-name removed.
 */
export function createDirectoryTransport(root: string): AchTransport {
  const folderPath = async (folder: string) => {
    const dir = path.join(root, ...(folder === '' ? [] : folder.split('/')));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    return dir;
  };

  const filePath = async (name: string) => {
    const { folder, file } = splitName(name);
    return path.join(await folderPath(folder), file);
  };

  async function linkNew(from: string, to: string, name: string): Promise<void> {
    try {
      await link(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new TransportError(`${name} already exists`);
      throw err;
    }
    await unlink(from);
  }

  return {
    async put(name, bytes) {
      const target = await filePath(name);
      const temp = path.join(
        path.dirname(target),
        `.${path.basename(target)}.${randomBytes(6).toString('hex')}`,
      );
      await writeFile(temp, bytes, { mode: 0o600, flag: 'wx', flush: true });
      try {
        await linkNew(temp, target, name);
      } finally {
        await unlink(temp).catch(() => undefined);
      }
    },
    async list(prefix) {
      const { folder, start } = splitPrefix(prefix);
      const entries = await readdir(await folderPath(folder), { withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && entry.name.startsWith(start))
        .map((entry) => joinName(folder, entry.name))
        .sort();
    },
    async get(name) {
      return readFile(await filePath(name));
    },
    async move(from, to) {
      await linkNew(await filePath(from), await filePath(to), to);
    },
    async close() {},
  };
}
