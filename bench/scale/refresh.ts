/** Child of the scale bench: opens the store and brings its analytics replica up to date. Prints JSON. */
import { openAnalytics } from '../../app/analytics.ts';
import { openProductStore } from '../../app/store.ts';
import { systemClock } from '../../core/clock.ts';

const [storePath] = process.argv.slice(2);
const store = await openProductStore(storePath!, systemClock);
const analytics = await openAnalytics(store, storePath!);
analytics.close();
await store.close();
