/**
 * Where NACHA files travel between Linkport and the bank: a folder tree of named files. Names are
 * relative paths of plain segments ('outbound/LP-20260304-A.ach'); a dot-file is a transfer in
 * progress and never listed.
 */
export interface AchTransport {
  /** Writes a new file whole or not at all; an existing name is an error, never overwritten. */
  put(name: string, bytes: Uint8Array | string): Promise<void>;
  /** Names in the folder `prefix` ends in (or starts, for a partial last segment), sorted. */
  list(prefix: string): Promise<string[]>;
  get(name: string): Promise<Buffer>;
  /** Renames a file (into another folder, say an archive); the target must not exist. */
  move(from: string, to: string): Promise<void>;
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** A name's folder and file; throws on anything that could climb out of the root. */
export function splitName(name: string): { folder: string; file: string } {
  const segments = name.split('/');
  if (segments.some((segment) => !SEGMENT.test(segment) || segment === '..')) {
    throw new TransportError(`not a transport file name: ${JSON.stringify(name)}`);
  }
  const file = segments.pop() as string;
  return { folder: segments.join('/'), file };
}

/** The folder to list and the start of names to keep, for a prefix like 'inbound/' or 'inbound/RET-'. */
export function splitPrefix(prefix: string): { folder: string; start: string } {
  const cut = prefix.lastIndexOf('/');
  const folder = cut < 0 ? '' : prefix.slice(0, cut);
  if (folder !== '') splitName(folder);
  return { folder, start: prefix.slice(cut + 1) };
}

export function joinName(folder: string, file: string): string {
  return folder === '' ? file : `${folder}/${file}`;
}

export class TransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
  }
}
