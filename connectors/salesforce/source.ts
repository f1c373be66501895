import type { Clock } from '../../core/clock.ts';
import type {
  Cursor,
  RejectedRecord,
  SourceBatch,
  SourceConnector,
  SourceContext,
  SourceStream,
} from '../../core/connectors/source.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import type { Logger } from '../../core/logger.ts';
import { type SourceRecord, sourceRefSchema } from '../../core/schema/index.ts';
import { bulkRows, countRows } from './bulk-read.ts';
import { SalesforceClient } from './client.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { loadCurrencyConverter } from './currency.ts';
import { laterCursor, parseStampCursor } from './cursor.ts';
import { salesforceErrorCode } from './errors.ts';
import { type FieldPlan, planFields } from './field-plan.ts';
import { mapSalesforceRow, type SalesforceRow } from './mapping/index.ts';
import { instant } from './mapping/values.ts';
import type { OrgLimits } from './org-limits.ts';
import { apiUserId, notOwnWrite, WRITTEN_OBJECTS } from './own-writes.ts';
import { idList, incrementalCondition, incrementalSoql, type StampCursor } from './soql.ts';
import {
  isSalesforceStream,
  type SalesforceStreamName,
  salesforceStreamNames,
  streamSpecs,
} from './streams.ts';

export interface SalesforceConnectorDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly limits?: OrgLimits;
  /** Limits shared with every process using the org (a Postgres store). */
  readonly sharedLimits?: CrmLimits;
}

/** Ids per `Id IN (...)` re-read query: keeps the GET URL well under Salesforce's 16 KB limit. */
const REREAD_IDS_PER_QUERY = 300;

/** An expired query cursor (INVALID_QUERY_LOCATOR) restarts the query from the last checkpoint this often. */
const MAX_QUERY_RESTARTS = 3;

/**
 * Reads Accounts, Contacts, Leads, Opportunities, Tasks and Events incrementally on
 * (SystemModstamp, Id) through queryAll, one committed batch per query page, so deletes and
 * merges arrive in order with everything else and an interrupted sync resumes exactly.
 */
export class SalesforceSourceConnector implements SourceConnector {
  readonly name: string;
  readonly #config: SalesforceConnectorConfig;
  readonly #deps: SalesforceConnectorDeps;
  #client: SalesforceClient | undefined;

  constructor(name: string, config: SalesforceConnectorConfig, deps: SalesforceConnectorDeps = {}) {
    if (!sourceRefSchema.shape.system.safeParse(name).success) {
      throw new Error(
        `connector name "${name}" must be lower-case letters, digits and "_" (it becomes the source system)`,
      );
    }
    this.name = name;
    this.#config = config;
    this.#deps = deps;
  }

  streams(): readonly SourceStream[] {
    return salesforceStreamNames
      .filter((name) => this.#config.streams[name].enabled)
      .map((name) => ({ name, kind: streamSpecs[name].kind }));
  }

  /** The API client (created on first use); exposes usage counters. */
  client(context?: Pick<SourceContext, 'clock' | 'logger'>): SalesforceClient {
    if (!this.#client) {
      const clock = this.#deps.clock ?? context?.clock;
      const logger = this.#deps.logger ?? context?.logger;
      if (!clock || !logger) throw new Error('the Salesforce client needs a clock and a logger');
      this.#client = new SalesforceClient(this.#config, {
        clock,
        logger,
        ...(this.#deps.sleep ? { sleep: this.#deps.sleep } : {}),
        ...(this.#deps.random ? { random: this.#deps.random } : {}),
        ...(this.#deps.limits ? { limits: this.#deps.limits } : {}),
        ...(this.#deps.sharedLimits ? { sharedLimits: this.#deps.sharedLimits } : {}),
      });
    }
    return this.#client;
  }

  /**
   * Records a write-back covered an unsynced change on (RereadLedger), read by id. Their cursor
   * stays where the incremental read left it: they sit before it, or are left out by it.
   */
  async *#rereads(
    stream: SalesforceStreamName,
    plan: FieldPlan,
    position: StampCursor,
    context: SourceContext,
  ): AsyncGenerator<SourceBatch> {
    const spec = streamSpecs[stream];
    const ids = (await context.pendingRereads?.(spec.object)) ?? [];
    for (let start = 0; start < ids.length; start += REREAD_IDS_PER_QUERY) {
      const soql = `SELECT ${plan.select.join(', ')} FROM ${spec.object} WHERE Id IN ${idList(ids.slice(start, start + REREAD_IDS_PER_QUERY))}`;
      for await (const page of this.client(context).queryPages(soql, { scanAll: true })) {
        const records: SourceRecord[] = [];
        const rejected: RejectedRecord[] = [];
        for (const row of page.records as SalesforceRow[]) {
          const mapped = mapSalesforceRow(stream, spec.object, row, plan.context);
          if ('record' in mapped) records.push(mapped.record);
          else rejected.push(mapped.rejected);
        }
        yield { stream, records, rejected, cursor: position };
      }
    }
  }

  async *read(stream: string, cursor: Cursor | null, context: SourceContext): AsyncGenerator<SourceBatch> {
    if (!isSalesforceStream(stream) || !this.#config.streams[stream].enabled) {
      throw new Error(
        `${this.name}: no enabled stream "${stream}" (streams: ${this.streams()
          .map((s) => s.name)
          .join(', ')})`,
      );
    }
    const spec = streamSpecs[stream];
    const client = this.client(context);
    const log = context.logger.child({ connector: this.name, stream });
    const available = await client.describeFields(spec.object);
    const plan = planFields(
      spec,
      this.#config.streams[stream],
      available.map((field) => field.name),
      { connector: this.name },
    );
    let position = parseStampCursor(cursor, `${this.name}.${stream}`);
    const multiCurrency = stream === 'opportunities' && plan.context.fields.currency !== undefined;
    const mappingContext =
      multiCurrency && this.#config.currency.convert
        ? {
            ...plan.context,
            currency: await loadCurrencyConverter(client, this.#config.currency.advancedCurrencyManagement),
          }
        : plan.context;
    const toBatch = (rows: readonly SalesforceRow[]): SourceBatch | null => {
      const records: SourceRecord[] = [];
      const rejected: RejectedRecord[] = [];
      let last: StampCursor | null = null;
      for (const row of rows) {
        const mapped = mapSalesforceRow(stream, spec.object, row, mappingContext);
        if ('record' in mapped) records.push(mapped.record);
        else rejected.push(mapped.rejected);
        const stamp = instant(row.SystemModstamp);
        if (stamp) last = { stamp, lastId: String(row.Id) };
      }
      if (!last) return null;
      position = laterCursor(position, last);
      return { stream, records, rejected, cursor: position };
    };
    const queryOptions = {
      lookbackSeconds: this.#config.lookbackSeconds,
      ...(this.#config.startDate ? { startDate: this.#config.startDate } : {}),
    };
    const bulk = this.#config.bulkQuery;
    if (position === null && bulk.threshold > 0) {
      const condition = incrementalCondition(null, queryOptions);
      const expectedRows = await countRows(client, spec.object, condition);
      if (expectedRows > bulk.threshold) {
        log.info({ expectedRows, threshold: bulk.threshold }, 'initial sync through Bulk API 2.0 query jobs');
        const fieldTypes = new Map(available.map((field) => [field.name.toLowerCase(), field.type]));
        for await (const rows of bulkRows(client, {
          object: spec.object,
          select: plan.select,
          condition,
          expectedRows,
          chunkSize: bulk.chunkSize,
          fieldTypes,
          options: bulk,
          now: () => context.clock.now().getTime(),
          batchSize: this.#config.pageSize,
        })) {
          context.signal?.throwIfAborted();
          const batch = toBatch(rows);
          if (batch) yield batch;
        }
        // The REST pass below picks up whatever changed while the jobs ran, from the last row read.
      }
    }
    // A first read takes everything; later ones leave out scorebridge's own writes (own-writes.ts),
    // unless a field read is one Salesforce maintains itself (a roll-up summary moves SystemModstamp
    // without a new LastModifiedById, so leaving out own writes could miss its new value).
    const maintained = available
      .filter((field) => field.calculated && plan.select.includes(field.name))
      .map((field) => field.name);
    const skipOwn =
      position !== null &&
      this.#config.ignoreOwnWrites &&
      WRITTEN_OBJECTS.has(spec.object) &&
      maintained.length === 0;
    if (position !== null && this.#config.ignoreOwnWrites && maintained.length > 0)
      log.info({ fields: maintained }, 'reading own writes too: some fields are calculated by Salesforce');
    const also = skipOwn ? notOwnWrite(await apiUserId(client)) : undefined;
    let restarts = 0;
    for (;;) {
      const soql = incrementalSoql(spec.object, plan.select, position, {
        ...queryOptions,
        ...(also ? { also } : {}),
      });
      log.debug({ soql }, 'querying');
      try {
        for await (const page of client.queryPages(soql, { scanAll: true })) {
          context.signal?.throwIfAborted();
          const batch = toBatch(page.records as SalesforceRow[]);
          if (batch) yield batch;
        }
        if (skipOwn && position) yield* this.#rereads(stream, plan, position, context);
        return;
      } catch (error) {
        if (salesforceErrorCode(error) !== 'INVALID_QUERY_LOCATOR' || restarts >= MAX_QUERY_RESTARTS)
          throw error;
        restarts++;
        log.warn({ restarts }, 'query cursor expired; restarting the query from the last checkpoint');
      }
    }
  }
}
