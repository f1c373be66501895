import { openProductStore } from './app/store.ts';
import { systemClock } from './core/clock.ts';
import { openAnalytics } from './app/analytics.ts';
import { trainBinaryModel } from './scoring/models/binary-trainer.ts';
const store = await openProductStore('var/scorebridge.db', systemClock);
const a = await openAnalytics(store, 'var/scorebridge.db');
for (const seed of [42, 1, 2, 3]) {
  const t = await trainBinaryModel(a.features, { kind: 'lead', asOf: '2026-11-01', seed });
  const m = t.metrics;
  console.log(seed, m.chosen, m.holdout.rocAuc.toFixed(4), m.candidates.map(c => `${c.name}:${c.calibrationLogLoss.toFixed(4)}/${c.calibrationRocAuc.toFixed(3)}`).join(' '));
}
a.close(); await store.close();
