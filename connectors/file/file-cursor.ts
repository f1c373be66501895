import { z } from 'zod';
import type { Cursor } from '../../core/connectors/source.ts';
import { type FileIdentity, sameFile } from './file-identity.ts';

/**
 * Progress through one file: which file (identity), where the next unread row starts (byte offset
 * and line), the CSV header (so a resumed read need not re-read it), and whether the file is done.
 */
export const fileCursorSchema = z.strictObject({
  version: z.literal(1),
  file: z.strictObject({ size: z.number(), mtimeMs: z.number(), headSha256: z.string() }),
  offset: z.number().int().nonnegative(),
  line: z.number().int().positive(),
  header: z.array(z.string()).nullable(),
  complete: z.boolean(),
});
export type FileCursor = z.infer<typeof fileCursorSchema>;

export type ResumePlan =
  | { readonly action: 'skip'; readonly reason: string }
  | {
      readonly action: 'read';
      readonly offset: number;
      readonly line: number;
      readonly header: string[] | null;
      readonly reason: string;
    };

const FROM_START = { offset: 0, line: 1, header: null } as const;

/**
 * Where to start reading. An unfinished cursor for the same file resumes after its last committed
 * batch; a finished one means there is nothing new. A changed or replaced file is read again from
 * the start: upserts are idempotent, so re-reading rows already stored only reports them unchanged.
 */
export function planResume(cursor: Cursor | null, identity: FileIdentity): ResumePlan {
  if (cursor === null) return { action: 'read', ...FROM_START, reason: 'first import' };
  const parsed = fileCursorSchema.safeParse(cursor);
  if (!parsed.success)
    return { action: 'read', ...FROM_START, reason: 'cursor not written by the file connector' };
  const previous = parsed.data;
  if (!sameFile(previous.file, identity))
    return { action: 'read', ...FROM_START, reason: 'file changed since the last import' };
  if (previous.complete) return { action: 'skip', reason: 'file unchanged since its last complete import' };
  return {
    action: 'read',
    offset: previous.offset,
    line: previous.line,
    header: previous.header,
    reason: 'resuming after the last committed batch',
  };
}

export function fileCursor(
  identity: FileIdentity,
  position: { offset: number; line: number },
  header: readonly string[] | null,
  complete: boolean,
): FileCursor {
  return {
    version: 1,
    file: { ...identity },
    offset: position.offset,
    line: position.line,
    header: header ? [...header] : null,
    complete,
  };
}
