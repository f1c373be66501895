import { excerpt } from './excerpt.ts';

/** What happened to a row whose id an earlier row of the same file already had. */
export interface DuplicateId {
  readonly id: string;
  /** Line of the row kept (the newest updatedAt; on a tie, the later row). */
  readonly keptLine: number;
  /** Line of the row set aside or replaced. */
  readonly otherLine: number;
}

/**
 * Resolves ids that appear more than once in one file: the row with the newest updatedAt wins,
 * whatever the order. Rows stream through in batches already committed, so this never buffers:
 * a later, newer row is passed on (its upsert replaces the earlier one), a later, older row is
 * held back. Memory is one map entry per distinct id, with the timestamps and lines in typed arrays.
 */
export class DuplicateIds {
  readonly #slots = new Map<string, number>();
  #updatedMs = new Float64Array(1024);
  #lines = new Uint32Array(1024);
  #pending: DuplicateId[] = [];
  /** Duplicates seen so far in this read. */
  count = 0;

  /** True when the row should be stored: its id is new, or it is at least as recent as the one seen. */
  admit(id: string, updatedAt: string, line: number): boolean {
    const ms = Date.parse(updatedAt);
    const slot = this.#slots.get(id);
    if (slot === undefined) {
      const next = this.#slots.size;
      this.#grow(next);
      this.#slots.set(id, next);
      this.#updatedMs[next] = ms;
      this.#lines[next] = line;
      return true;
    }
    this.count++;
    const earlierLine = this.#lines[slot]!;
    if (ms >= this.#updatedMs[slot]!) {
      this.#pending.push({ id, keptLine: line, otherLine: earlierLine });
      this.#updatedMs[slot] = ms;
      this.#lines[slot] = line;
      return true;
    }
    this.#pending.push({ id, keptLine: earlierLine, otherLine: line });
    return false;
  }

  /** Duplicates found since the last call, for the caller to report. */
  drain(): DuplicateId[] {
    const found = this.#pending;
    this.#pending = [];
    return found;
  }

  #grow(slot: number): void {
    if (slot < this.#lines.length) return;
    const updatedMs = new Float64Array(this.#lines.length * 2);
    updatedMs.set(this.#updatedMs);
    const lines = new Uint32Array(this.#lines.length * 2);
    lines.set(this.#lines);
    this.#updatedMs = updatedMs;
    this.#lines = lines;
  }
}

/** "id 'c-17' is on lines 4 and 9; kept line 9 (newest updated_at)" */
export function describeDuplicate(duplicate: DuplicateId): string {
  const [first, second] = [duplicate.keptLine, duplicate.otherLine].sort((a, b) => a - b);
  return `id '${excerpt(duplicate.id)}' is on lines ${first} and ${second}; kept line ${duplicate.keptLine} (newest updatedAt, the later row on a tie)`;
}
