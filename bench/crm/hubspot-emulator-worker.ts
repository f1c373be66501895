/**
 * Runs the HubSpot emulator in its own thread for the sync benchmark: HubSpot is a remote server,
 * so its JSON work must not share the event loop with the connector and the SQLite store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { seedHubspotFromDemo, startHubspotEmulator } from '../../emulators/hubspot/index.ts';

export interface EmulatorWorkerInput {
  readonly contacts: number;
  readonly engagements: number;
  readonly engagementRatio: number;
  readonly latencyMs: number;
  readonly perTenSeconds: number;
  readonly daily: number;
}

export interface EmulatorWorkerReady {
  readonly type: 'ready';
  readonly url: string;
  readonly seeded: {
    contacts: number;
    companies: number;
    deals: number;
    engagements: Record<string, number>;
  };
  readonly seedSeconds: number;
}

export interface EmulatorWorkerStats {
  readonly type: 'stats';
  readonly snapshot: Record<string, Record<string, number>>;
  readonly total: number;
  readonly rejected: number;
  readonly rejectedTwice: number;
}

const input = workerData as EmulatorWorkerInput;
const emulator = await startHubspotEmulator({
  latencyMs: input.latencyMs,
  rateLimit: { perTenSeconds: input.perTenSeconds, daily: input.daily, retryAfter: 'never' },
});
const started = performance.now();
const seeded = seedHubspotFromDemo(emulator, {
  contacts: input.contacts,
  seed: 42,
  engagementRatio: input.engagementRatio,
  maxEngagements: input.engagements,
});
const ready: EmulatorWorkerReady = {
  type: 'ready',
  url: emulator.url,
  seeded: {
    contacts: seeded.contacts,
    companies: seeded.companies,
    deals: seeded.deals,
    engagements: { ...seeded.engagements },
  },
  seedSeconds: (performance.now() - started) / 1000,
};
parentPort!.postMessage(ready);

parentPort!.on('message', async (message: 'stats' | 'reset' | 'close') => {
  if (message === 'reset') {
    emulator.stats.reset();
    parentPort!.postMessage({ type: 'reset' });
  } else if (message === 'stats') {
    const stats: EmulatorWorkerStats = {
      type: 'stats',
      snapshot: emulator.stats.snapshot(),
      total: emulator.stats.total,
      rejected: emulator.stats.count({ status: 429 }),
      rejectedTwice: emulator.stats.rejectedTwice,
    };
    parentPort!.postMessage(stats);
  } else {
    await emulator.close();
    parentPort!.postMessage({ type: 'closed' });
    parentPort!.close();
  }
});
