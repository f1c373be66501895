import type { LoadedConfig } from '../../app/config/index.ts';
import type { WorkflowSession } from '../../app/workflows/open-session.ts';
import { systemClock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { CommandIo } from './command-io.ts';

/** Read-only commands (plan, workflows status) open the config, store and workflows this way. */
export async function withWorkflowSession<T>(
  configFile: string,
  io: CommandIo,
  work: (session: WorkflowSession, loaded: LoadedConfig) => Promise<T>,
): Promise<T> {
  const [{ loadConfig }, { openWorkflowSession }, { createLogger }] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/workflows/open-session.ts'),
    import('../../core/logger.ts'),
  ]);
  const loaded = await loadConfig(configFile, io.env);
  const session = await openWorkflowSession(loaded, {
    clock: systemClock,
    logger: createLogger(),
    sleep: realSleep,
    env: io.env,
  });
  try {
    return await work(session, loaded);
  } finally {
    await session.close();
  }
}
