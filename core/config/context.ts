import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';

/** Environment variables as the process sees them; unset and empty are both possible. */
export const envSchema = z.record(z.string(), z.string().optional());
export type ConfigEnv = z.infer<typeof envSchema>;

/** A validated plain copy: process.env is an exotic object that a zod record does not accept as is. */
export function readEnv(env: ConfigEnv = process.env): ConfigEnv {
  return envSchema.parse({ ...env });
}

/**
 * What a config's schema needs from outside the file while it parses: the environment that
 * `${VAR}` references resolve against, and the folder relative paths are relative to.
 */
export interface ConfigContext {
  readonly env: ConfigEnv;
  readonly baseDir: string;
  /** Secret groups (see secretRef) this command does not use: an unset variable there is not an error. */
  readonly deferredSecretGroups?: readonly string[];
}

const storage = new AsyncLocalStorage<ConfigContext>();

/**
 * Runs `fn` (typically a zod parse) with `context` visible to secretRef() and configRelativePath().
 * Zod transforms cannot receive arguments, and passing the env explicitly is what keeps tests from
 * depending on the real process environment.
 */
export function runInConfigContext<T>(context: ConfigContext, fn: () => T): T {
  return storage.run({ ...context, env: readEnv(context.env) }, fn);
}

/** The active context; outside runInConfigContext, the real process env and working directory. */
export function currentConfigContext(): ConfigContext {
  return storage.getStore() ?? { env: process.env, baseDir: process.cwd() };
}
