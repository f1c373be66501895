/**
 * Runs the Salesforce emulator in its own thread for the sync benchmark: Salesforce is a remote
 * server, so its SOQL and JSON work must not share the event loop with jsforce and the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { seedSalesforceSynthetic, startSalesforceEmulator } from '../../emulators/salesforce/index.ts';

export interface SalesforceWorkerInput {
  readonly accounts: number;
  readonly contacts: number;
  readonly activities: number;
  readonly latencyMs: number;
  readonly dailyRequests: number;
  readonly concurrency: number;
}

export interface SalesforceWorkerReady {
  readonly type: 'ready';
  readonly url: string;
  readonly credentials: { clientId: string; clientSecret: string; refreshToken: string };
  readonly seeded: { accounts: number; contacts: number; tasks: number; events: number };
  readonly seedSeconds: number;
}

export interface SalesforceWorkerStats {
  readonly type: 'stats';
  readonly apiCalls: number;
  readonly byEndpoint: Record<string, number>;
  readonly byStatus: Record<string, number>;
  readonly rejectedConcurrency: number;
  readonly rejectedQuota: number;
  readonly tokenRefreshes: number;
  readonly apiUsed: number;
}

const input = workerData as SalesforceWorkerInput;
const emulator = await startSalesforceEmulator({
  latencyMs: input.latencyMs,
  apiLimits: { dailyRequests: input.dailyRequests },
  concurrency: input.concurrency,
});
const started = performance.now();
const seeded = seedSalesforceSynthetic(emulator.state, {
  accounts: input.accounts,
  contacts: input.contacts,
  activities: input.activities,
  seed: 42,
  startMs: Date.now() - 400 * 86_400_000,
  spanDays: 365,
  // Mass updates: records stamped in the same second, so ties cross page boundaries.
  tieGroup: 50,
});
const { clientId, clientSecret, refreshToken } = emulator.credentials();
const ready: SalesforceWorkerReady = {
  type: 'ready',
  url: emulator.url,
  credentials: { clientId, clientSecret, refreshToken },
  seeded: {
    accounts: seeded.accountIds.length,
    contacts: seeded.contactIds.length,
    tasks: seeded.tasks,
    events: seeded.events,
  },
  seedSeconds: (performance.now() - started) / 1000,
};
parentPort!.postMessage(ready);

parentPort!.on('message', async (message: 'stats' | 'reset' | 'close') => {
  if (message === 'reset') {
    emulator.stats.reset();
    parentPort!.postMessage({ type: 'reset' });
  } else if (message === 'stats') {
    const { stats } = emulator;
    const snapshot: SalesforceWorkerStats = {
      type: 'stats',
      apiCalls: stats.apiCalls,
      byEndpoint: { ...stats.byEndpoint },
      byStatus: { ...stats.byStatus },
      rejectedConcurrency: stats.rejectedConcurrency,
      rejectedQuota: stats.rejectedQuota,
      tokenRefreshes: stats.tokenRefreshes,
      apiUsed: emulator.state.usage.used(),
    };
    parentPort!.postMessage(snapshot);
  } else {
    await emulator.close();
    parentPort!.postMessage({ type: 'closed' });
  }
});
