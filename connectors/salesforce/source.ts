import type { Clock } from '../../core/clock.ts';
import type {
  Cursor,
  RejectedRecord,
  SourceBatch,
  SourceConnector,
  SourceContext,
  SourceStream,
} from '../../core/connectors/source.ts';
import type { Logger } from '../../core/logger.ts';
import { type SourceRecord, sourceRefSchema } from '../../core/schema/index.ts';
import { bulkRows, countRows } from './bulk-read.ts';
import { SalesforceClient } from './client.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { loadCurrencyConverter } from './currency.ts';
import { laterCursor, parseStampCursor } from './cursor.ts';
import { salesforceErrorCode } from './errors.ts';
import { planFields } from './field-plan.ts';
import { mapSalesforceRow, type SalesforceRow } from './mapping/index.ts';
import { instant } from './mapping/values.ts';
import type { OrgLimits } from './org-limits.ts';
import { incrementalCondition, incrementalSoql, type StampCursor } from './soql.ts';
import { isSalesforceStream, salesforceStreamNames, streamSpecs } from './streams.ts';

export interface SalesforceConnectorDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly limits?: OrgLimits;
}

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
      });
    }
    return this.#client;
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
    let restarts = 0;
    for (;;) {
      const soql = incrementalSoql(spec.object, plan.select, position, queryOptions);
      log.debug({ soql }, 'querying');
      try {
        for await (const page of client.queryPages(soql, { scanAll: true })) {
          context.signal?.throwIfAborted();
          const batch = toBatch(page.records as SalesforceRow[]);
          if (batch) yield batch;
        }
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
