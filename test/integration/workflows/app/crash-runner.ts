/**
 * Child process of crash.test.ts: one workflow runner at a fixed instant, run until nothing is left
 * to do. The parent SIGKILLs it at random moments and starts it again.
 * argv: <config file> <ISO instant>
 */
import { loadConfig } from '../../../../app/config/index.ts';
import { openWorkflowEngine } from '../../../../app/workflows/open-session.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';

const [configFile, instant] = process.argv.slice(2);
if (!configFile || !instant) throw new Error('usage: crash-runner.ts <config> <instant>');
const loaded = await loadConfig(configFile, process.env);
const session = await openWorkflowEngine(loaded, {
  clock: new FixedClock(instant),
  logger: silentLogger(),
  sleep: async () => {},
  env: process.env,
});
process.stdout.write('ready\n');
for (;;) {
  const summary = await session.engine.runOnce('crash-test');
  process.stdout.write(
    `${JSON.stringify({ recovered: summary.recovered, relay: summary.relay, steps: summary.steps })}\n`,
  );
  const moved = summary.enrolled + summary.steps.sent + summary.relay.sent + summary.relay.retried;
  if (moved === 0) break;
}
await session.close();
process.stdout.write('done\n');
