import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** What tells one version of a file from another without reading all of it. */
export type FileIdentity = {
  size: number;
  mtimeMs: number;
  /** sha256 of the first 64 KiB: catches a file replaced by another of the same size and time. */
  headSha256: string;
};

const HEAD_BYTES = 64 * 1024;

export async function readFileIdentity(path: string): Promise<FileIdentity> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, stats.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const headSha256 = createHash('sha256').update(head.subarray(0, bytesRead)).digest('hex');
    return { size: stats.size, mtimeMs: stats.mtimeMs, headSha256 };
  } finally {
    await handle.close();
  }
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.headSha256 === b.headSha256;
}
