import { createEventNameResolver } from '../../core/connectors/event-names.ts';
import type { RejectedRecord } from '../../core/connectors/source.ts';
import type { SourceRecord } from '../../core/schema/index.ts';
import { CellReaders } from './cell-readers.ts';
import { DuplicateIds } from './duplicate-ids.ts';
import { excerpt } from './excerpt.ts';
import { type MapOutcome, mapRow, type RowMapper } from './map-row.ts';
import type { ParsedRow } from './row-reader.ts';
import { compileStreamPlan } from './stream-plan.ts';
import type { StreamSettings } from './stream-settings.ts';
import { findUnsafeCell, quarantinedRaw } from './unsafe-cells.ts';

/** JSONL objects with differing key sets each get a column plan; beyond this many, plans are not kept. */
const MAX_CACHED_PLANS = 256;

/** Turns parsed rows into records or rejections, learning the CSV header from the first row. */
export class RowMapping {
  header: string[] | null;
  readonly #settings: StreamSettings;
  readonly #cells: CellReaders;
  readonly #resolveEventType: (label: string) => string;
  readonly #snapshotTime: string;
  readonly #plans = new Map<string, RowMapper>();
  #csvMapper: RowMapper | null = null;
  /** Ids seen in this read, so the newest row of an id wins whatever the order of the file. */
  readonly duplicates = new DuplicateIds();

  /**
   * @param header the CSV header when resuming mid-file; null to take it from the first row.
   * @param snapshotTime updatedAt for rows without updatedAt/createdAt: the file's modification time.
   */
  constructor(settings: StreamSettings, header: string[] | null, snapshotTime: string) {
    this.#settings = settings;
    this.#cells = new CellReaders(settings);
    this.#resolveEventType = createEventNameResolver(settings.eventTypes);
    this.#snapshotTime = snapshotTime;
    this.header = header;
    if (header) this.#csvMapper = this.#mapperFor(header, true);
  }

  accept(row: ParsedRow, records: SourceRecord[], rejected: RejectedRecord[]): void {
    if (row.error !== null || row.cells === null) {
      if (this.#settings.format === 'csv' && this.#csvMapper === null) {
        throw new Error(
          `${this.#settings.displayFile}: cannot read the header row (line ${row.line}): ${row.error}`,
        );
      }
      rejected.push(this.#rejection(row, { ok: false, reason: row.error ?? 'unreadable row' }));
      return;
    }
    const unsafe = this.#unsafeCell(row);
    if (unsafe) {
      rejected.push(this.#rejection(row, unsafe));
      return;
    }
    const outcome = Array.isArray(row.cells) ? this.#mapCsv(row.cells) : this.#mapJson(row.cells);
    if (outcome === null) return;
    if (!outcome.ok) {
      rejected.push(this.#rejection(row, outcome));
      return;
    }
    const { record } = outcome;
    if (record.kind === 'event' || this.duplicates.admit(record.ref.externalId, record.updatedAt, row.line)) {
      records.push(record);
    }
  }

  /** A cell no column can take (too large, NUL, undecodable bytes); in the header, the file stops. */
  #unsafeCell(row: ParsedRow): Extract<MapOutcome, { ok: false }> | null {
    const cells = row.cells!;
    const values = Array.isArray(cells) ? cells : Object.values(cells);
    const found = findUnsafeCell(values, row.raw, this.#settings.maxFieldBytes);
    if (found === null) return null;
    const names = Array.isArray(cells) ? (this.header ?? []) : Object.keys(cells);
    const column = names[found.index] ?? `column ${found.index + 1}`;
    if (this.#settings.format === 'csv' && this.#csvMapper === null) {
      throw new Error(
        `${this.#settings.displayFile}: cannot read the header row (line ${row.line}): column ${found.index + 1} ${found.problem}`,
      );
    }
    return { ok: false, reason: `column '${excerpt(column, 40)}': ${found.problem}`, column };
  }

  #mapCsv(cells: string[]): MapOutcome | null {
    if (this.#csvMapper === null) {
      this.header = cells.map((name) => name.trim());
      this.#csvMapper = this.#mapperFor(this.header, true);
      return null;
    }
    const expected = this.#csvMapper.plan.header.length;
    if (cells.length !== expected) {
      return { ok: false, reason: `expected ${expected} columns as in the header, found ${cells.length}` };
    }
    return mapRow(this.#csvMapper, cells);
  }

  #mapJson(object: Record<string, unknown>): MapOutcome {
    const keys = Object.keys(object);
    const signature = keys.join('\u0000');
    let mapper = this.#plans.get(signature);
    if (!mapper) {
      try {
        mapper = this.#mapperFor(keys, false);
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
      if (this.#plans.size < MAX_CACHED_PLANS) this.#plans.set(signature, mapper);
    }
    return mapRow(mapper, Object.values(object));
  }

  #mapperFor(header: readonly string[], strict: boolean): RowMapper {
    return {
      plan: compileStreamPlan(this.#settings, header, strict),
      cells: this.#cells,
      resolveEventType: this.#resolveEventType,
      snapshotTime: this.#snapshotTime,
    };
  }

  #rejection(row: ParsedRow, outcome: Extract<MapOutcome, { ok: false }>): RejectedRecord {
    const location = {
      file: this.#settings.displayFile,
      line: row.line,
      ...(outcome.column !== undefined ? { column: outcome.column } : {}),
      ...(outcome.recordId !== undefined ? { recordId: outcome.recordId } : {}),
    };
    return {
      location,
      reason: `line ${row.line}, ${outcome.reason}`,
      raw: quarantinedRaw(row.raw, this.#settings.maxFieldBytes),
    };
  }
}
