import { ConnectorError } from '../../../core/connectors/destination.ts';
import type {
  Cursor,
  SourceBatch,
  SourceConnector,
  SourceContext,
  SourceStream,
} from '../../../core/connectors/source.ts';
import { sourceRefSchema } from '../../../core/schema/index.ts';
import type { HubspotApi } from '../api/client.ts';
import { apiFromConfig } from '../api/from-config.ts';
import type { HubspotConnectorConfig } from '../config.ts';
import { type HubspotDeps, resolveDeps } from '../deps.ts';
import { buildManifest, type StreamSpec } from '../manifest.ts';
import { validateRecords } from '../mapping/shared.ts';
import { type ObjectCursor, openWindow, parseStreamCursor, type StreamCursor } from './cursor.ts';
import { mergeReaders } from './merge-readers.ts';
import { type ObjectPage, readObjectPages } from './object-reader.ts';

const DEFAULT_LOOKBACK_MINUTES = 10;

/**
 * HubSpot as a source: companies, contacts, deals and engagements, each page committed with its
 * cursor. First syncs list everything; later syncs search a frozen last-modified window, sweep the
 * recycle bin for deletions, and turn merge trails into merged records.
 */
export class HubspotSourceConnector implements SourceConnector {
  readonly name: string;
  readonly api: HubspotApi;
  readonly #streams: readonly StreamSpec[];
  readonly #lookbackMs: number;
  #currency: Promise<string | null> | null = null;

  constructor(name: string, config: HubspotConnectorConfig, deps: HubspotDeps = {}) {
    if (!sourceRefSchema.shape.system.safeParse(name).success) {
      throw new Error(
        `connector name "${name}" must be lower-case letters, digits and "_" (it becomes the source system)`,
      );
    }
    this.name = name;
    this.api = apiFromConfig(config, resolveDeps(deps));
    this.#streams = buildManifest(name, config);
    this.#lookbackMs = (config.lookbackMinutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  }

  streams(): readonly SourceStream[] {
    return this.#streams.map((stream) => ({ name: stream.name, kind: stream.kind }));
  }

  async *read(stream: string, cursor: Cursor | null, context: SourceContext): AsyncGenerator<SourceBatch> {
    const spec = this.#streams.find((candidate) => candidate.name === stream);
    if (!spec)
      throw new Error(
        `HubSpot connector "${this.name}" has no stream "${stream}"; streams: ${this.#streams.map((s) => s.name).join(', ')}`,
      );
    const log = context.logger.child({ connector: this.name, stream });
    const stored = parseStreamCursor(cursor);
    if (cursor !== null && stored === null)
      log.warn('stored cursor was not written by this connector version; starting a full sync');
    if (spec.companyCurrency && spec.companyCurrency.code === null)
      spec.companyCurrency.code = await this.#companyCurrency(log);
    const now = context.clock.now();
    const positions: Record<string, ObjectCursor> = {};
    const readers = new Map<string, AsyncIterator<ObjectPage>>();
    for (const object of spec.objects) {
      const start = openWindow(stored?.objects[object.objectType], now, this.#lookbackMs);
      positions[object.objectType] = start;
      readers.set(object.objectType, readObjectPages(this.api, object, start, context.signal));
      log.info(
        {
          objectType: object.objectType,
          phase: start.phase,
          windowStart: start.windowStart,
          windowEnd: start.windowEnd,
        },
        'reading',
      );
    }
    let total = 0;
    for await (const [objectType, page] of mergeReaders(readers)) {
      const object = spec.objects.find((candidate) => candidate.objectType === objectType)!;
      positions[objectType] = page.cursor;
      const mapped = page.objects.flatMap((hub) =>
        object.map(hub).map((input) => ({ input, object: hub, objectType })),
      );
      const { records, rejected } = validateRecords(mapped);
      total += records.length;
      const next: StreamCursor = { version: 1, objects: { ...positions } };
      yield { stream, records, rejected, cursor: next };
    }
    log.info({ records: total, requests: this.api.metrics.requests }, 'stream read');
  }

  /**
   * The company currency, asked once per connector. A portal that refuses the currencies API (no
   * multi-currency-read scope) still syncs: deal amounts then stay in each deal's own currency.
   */
  async #companyCurrency(log: SourceContext['logger']): Promise<string | null> {
    this.#currency ??= this.api.companyCurrency().catch((error: unknown) => {
      // Only a refusal of this one endpoint (missing scope, unknown path) is worked around.
      if (!(error instanceof ConnectorError) || (error.kind !== 'permanent' && error.kind !== 'invalid')) {
        this.#currency = null;
        throw error;
      }
      log.warn(
        { error: error.message },
        'could not read the company currency: deal amounts stay in their own currencies; ' +
          'grant the multi-currency-read scope or set companyCurrency in the connector config',
      );
      return null;
    });
    return this.#currency;
  }
}
