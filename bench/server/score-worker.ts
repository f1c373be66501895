import { loadConfig } from '../../app/config/index.ts';
import { runServer, serveAsWorker } from '../../app/server/run-server.ts';
import { openProductStore } from '../../app/store.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';

/**
 * One server worker of the load bench (forked through node:cluster by score-load.ts), as
 * `scorebridge serve` runs it with server.workers > 1: its own store connection, the shared port.
 * argv: the config file.
 */
const [configFile] = process.argv.slice(2);
const loaded = await loadConfig(configFile!, {});
const store = await openProductStore(loaded.config.store.path, systemClock);
const deps = { loaded, store, clock: systemClock, logger: silentLogger(), env: {} };
const running = await runServer(deps, { port: 0 });
await serveAsWorker(running);
