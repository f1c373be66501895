import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RecordsChanged,
  type ResyncOutcome,
  resyncAndRescore,
} from '../../../app/server/hooks/index.ts';
import { createSourceConnector } from '../../../connectors/registry.ts';
import { runSync } from '../../../core/sync/run-sync.ts';
import { DEFAULT_EMULATOR_TOKEN, seedHubspotFromDemo } from '../../../emulators/hubspot/index.ts';
import { featuresForEntity } from '../../../scoring/features/entity-features.ts';
import { inLeadPopulation } from '../../../scoring/labels/populations.ts';
import { binaryArtifactToJson } from '../../../scoring/models/binary-artifact.ts';
import { trainBinaryModel } from '../../../scoring/models/binary-trainer.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { memoryAnalytics } from '../../helpers/scoring-pipeline/analytics.ts';
import { type Harness, startHarness } from '../connectors/hubspot/harness.ts';
import {
  type HooksServer,
  hubspotEvent,
  postHubspot,
  signHubspot,
  startHooksServer,
} from './hooks-harness.ts';

function config(emulatorUrl: string): string {
  return `version: 1
store: { path: store.db }
connectors:
  crm:
    type: hubspot
    accessToken: "\${HUBSPOT_TOKEN}"
    baseUrl: ${emulatorUrl}
    plan: professional
server:
  webhooks:
    hubspot: { clientSecret: "\${HUBSPOT_CLIENT_SECRET}", connector: crm }
scoring:
  models:
    lead_score: { kind: lead, entity: contact, horizonDays: 90 }
`;
}

describe('HubSpot webhook -> incremental re-sync through the official client -> re-score (emulator)', () => {
  let harness: Harness;
  let server: HooksServer;
  const outcomes: ResyncOutcome[] = [];
  const changes: RecordsChanged[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 300, seed: 11 });
    let resync: ((change: RecordsChanged) => Promise<ResyncOutcome>) | undefined;
    server = await startHooksServer({
      config: config(harness.emulator.url),
      clock: harness.clock,
      env: { HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN },
      hooks: {
        onRecordsChanged: async (change) => {
          changes.push(change);
          outcomes.push(await resync!(change));
        },
      },
    });
    resync = resyncAndRescore(server.deps);
    const { deps } = server;
    // What `scorebridge sync` and `scorebridge train` did before the server started.
    const source = createSourceConnector('crm', deps.loaded.config.connectors.crm!, {
      configDir: deps.loaded.configDir,
    });
    const initial = await runSync({
      store: deps.store,
      connectors: [source],
      clock: deps.clock,
      logger: deps.logger,
    });
    expect(initial.every((result) => result.status === 'succeeded')).toBe(true);
    const analytics = await memoryAnalytics(deps.store);
    const trained = await trainBinaryModel(analytics.features, {
      kind: 'lead',
      asOf: deps.clock.now(),
      learner: 'logistic',
    });
    analytics.close();
    const registry = ModelRegistry.of(deps.store, deps.clock);
    const record = registry.add({
      name: 'lead_score',
      kind: 'lead',
      entity: 'contact',
      asOf: deps.clock.now().toISOString(),
      trainingWindow: trained.trainingWindow,
      features: trained.artifact.featureNames,
      metrics: {},
      fingerprint: trained.fingerprint,
      artifact: binaryArtifactToJson(trained.artifact),
    });
    registry.promote('lead_score', record.version, 'test');
  });
  afterAll(async () => {
    await server?.close();
    await harness?.close();
  });

  it('stores the new field value and a new score row for the contact the webhook names', async () => {
    const { store } = server.deps;
    const now = () => harness.clock.now();
    // A contact in the lead population, so the lead model scores it.
    let target: { hubspotId: number; contactId: string } | undefined;
    for (const object of harness.emulator.state.tables.contacts.scanFrom(0, false)) {
      const found = await store.findContactBySource({
        system: 'crm',
        objectType: 'contacts',
        externalId: String(object.id),
      });
      const features = found && (await featuresForEntity(store, 'contact', found.id, now()));
      if (
        features?.snapshot.entityType === 'contact' &&
        inLeadPopulation(features.snapshot, now().getTime())
      ) {
        target = { hubspotId: object.id, contactId: found!.id };
        break;
      }
    }
    expect(target).toBeDefined();
    const { hubspotId, contactId } = target!;
    expect((await store.getContact(contactId))?.title).not.toBe('Chief Revenue Officer');
    expect(await store.scoreHistory('contact', contactId, 'lead_score')).toHaveLength(0);

    harness.clock.advance(3_600_000);
    harness.emulator.state.update('contacts', hubspotId, { jobtitle: 'Chief Revenue Officer' });
    harness.clock.advance(30_000);

    const body = JSON.stringify([
      hubspotEvent({
        eventId: 9001,
        objectId: hubspotId,
        occurredAt: now().getTime() - 30_000,
        propertyName: 'jobtitle',
        propertyValue: 'Chief Revenue Officer',
      }),
    ]);
    const timestamp = now().getTime();
    const response = await postHubspot(server.url, body, {
      signature: signHubspot(`${server.url}/hooks/hubspot`, body, timestamp),
      timestamp,
    });
    expect(response.status).toBe(204);
    await server.router.settled();

    expect(changes).toEqual([
      { connector: 'crm', objectType: 'contacts', ids: [String(hubspotId)], deleted: [] },
    ]);
    const [outcome] = outcomes;
    expect(outcome?.synced.map((result) => [result.stream, result.status])).toEqual([
      ['crm.contacts', 'succeeded'],
    ]);
    expect(outcome?.synced[0]?.updated).toBeGreaterThanOrEqual(1);
    expect((await store.getContact(contactId))?.title).toBe('Chief Revenue Officer');
    const history = await store.scoreHistory('contact', contactId, 'lead_score');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      model: 'lead_score',
      modelVersion: '1',
      computedAt: now().toISOString(),
    });
    expect(outcome?.scores.map((score) => score.entityId)).toContain(contactId);
    // Incremental: the search endpoint, never a full re-list of contacts.
    expect(
      harness.emulator.stats.count({ endpoint: 'POST /crm/v3/objects/contacts/search' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
