import { createSourceConnector } from '../../../connectors/registry.ts';
import type { SourceConnector } from '../../../core/connectors/source.ts';
import type { Score } from '../../../core/schema/index.ts';
import { runSync, type StreamSyncResult } from '../../../core/sync/run-sync.ts';
import { specsFromConfig } from '../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import type { ServerDeps } from '../server-deps.ts';
import { changedEntities } from './changed-entities.ts';
import type { RecordsChanged } from './records-changed.ts';
import { rescoreEntities } from './rescore-entities.ts';

export interface ResyncOutcome {
  readonly synced: readonly StreamSyncResult[];
  /** Scores written for the changed contacts and accounts. */
  readonly scores: readonly Score[];
}

/** Streams that read each provider object type, where the stream name differs from the type. */
const STREAM_OF_OBJECT: Readonly<Record<string, string>> = {
  Account: 'accounts',
  Contact: 'contacts',
  Lead: 'leads',
  Opportunity: 'opportunities',
  Task: 'tasks',
  Event: 'events',
  emails: 'engagements',
  calls: 'engagements',
  meetings: 'engagements',
  notes: 'engagements',
  tasks: 'engagements',
};

/** The connector's streams that read the object type; every stream of it when none is known to. */
export function streamsFor(source: SourceConnector, objectType: string): string[] {
  const names = source.streams().map((stream) => stream.name);
  const wanted = STREAM_OF_OBJECT[objectType] ?? objectType;
  const only = names.includes(wanted) ? [wanted] : names;
  return only.map((name) => `${source.name}.${name}`);
}

/**
 * The real follow-up of a webhook: an incremental sync of the connector's streams for that object
 * type (from the stored cursor, through the connector's official client; the cursor window covers
 * the change), then a re-score of the contacts and accounts the records map to. Connectors are
 * built once per name so their rate limiters keep counting across webhooks.
 */
export function resyncAndRescore(deps: ServerDeps): (change: RecordsChanged) => Promise<ResyncOutcome> {
  const sources = new Map<string, SourceConnector>();
  const { config, configDir } = deps.loaded;
  const specs = specsFromConfig(config.scoring.models);
  return async (change) => {
    const connectorConfig = config.connectors[change.connector];
    if (!connectorConfig)
      throw new Error(
        `server.webhooks names connector "${change.connector}", which is not in connectors: (${Object.keys(config.connectors).join(', ') || 'none'})`,
      );
    let source = sources.get(change.connector);
    if (!source) {
      source = createSourceConnector(change.connector, connectorConfig, {
        configDir,
        ...(deps.limits?.crm ? { sharedLimits: deps.limits.crm } : {}),
      });
      sources.set(change.connector, source);
    }
    const only = streamsFor(source, change.objectType);
    const synced = await runSync({
      store: deps.store,
      connectors: [source],
      clock: deps.clock,
      logger: deps.logger,
      only,
    });
    for (const failed of synced.filter((result) => result.status === 'failed'))
      deps.logger.error(
        { stream: failed.stream, error: failed.error },
        're-sync after a webhook failed; pages applied before the failure are scored, the rest waits for the next sync',
      );
    const entities = await changedEntities(deps.store, connectorConfig, change);
    const registry = ModelRegistry.of(deps.store, deps.clock);
    const scores = await rescoreEntities(
      deps.store,
      registry,
      specs,
      entities,
      deps.clock.now(),
      config.scoring.tiers,
    );
    deps.logger.info(
      {
        connector: change.connector,
        objectType: change.objectType,
        streams: only,
        contacts: entities.contact.size,
        accounts: entities.account.size,
        scores: scores.length,
      },
      're-synced and re-scored after a webhook',
    );
    return { synced, scores };
  };
}
