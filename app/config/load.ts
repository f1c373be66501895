import path from 'node:path';
import { type ConfigEnv, displayPath, readConfigFile } from '../../core/config/index.ts';
import { Secret } from '../../core/secret.ts';
import { EMAIL_SECRETS } from './email.ts';
import { type FeatureOrigins, withFeatureFiles } from './feature-files.ts';
import { type ScorebridgeConfig, scorebridgeConfigSchema } from './schema.ts';

/** JSON-safe value in which every secret is shown as the `${VAR}` it came from. */
export type RedactedValue =
  | string
  | number
  | boolean
  | null
  | RedactedValue[]
  | { [key: string]: RedactedValue };

export interface ConfigSummary {
  readonly connectors: number;
  readonly streams: number;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** The file as shown in messages (relative to the working directory when inside it). */
  readonly displayFile: string;
  /** Absolute folder of the config file; connectors resolve their relative paths against it. */
  readonly configDir: string;
  /** Validated config: defaults applied, store.path and workflows.dir absolute, secrets as Secret. */
  readonly config: ScorebridgeConfig;
  readonly summary: ConfigSummary;
  /** Where each added feature was written (scoring.features or a feature file); absent when built by hand. */
  readonly featureOrigins?: FeatureOrigins;
  /** The config as plain JSON with secrets replaced by their `${VAR}` references: safe to print or log. */
  describe(): RedactedValue;
}

export function redact(value: unknown): RedactedValue {
  if (value instanceof Secret) return `\${${value.source}}`;
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item)]));
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Counts connectors and the streams they declare (connector families without streams count zero). */
export function summarize(config: ScorebridgeConfig): ConfigSummary {
  const connectors = Object.values(config.connectors);
  const streams = connectors.reduce((total, connector) => {
    const declared = (connector as { streams?: unknown }).streams;
    return total + (typeof declared === 'object' && declared !== null ? Object.keys(declared).length : 0);
  }, 0);
  return { connectors: connectors.length, streams };
}

export interface LoadOptions {
  /** Absolute paths of feature files that may not exist yet (read as empty). */
  readonly missingFeatureFilesOk?: readonly string[];
  /**
   * The command sends no email and serves no unsubscribe link (`sync`, `sql`, `status`): the unsubscribe key
   * and SMTP password may be unset; using one anyway throws, naming its variable.
   */
  readonly withoutEmailSecrets?: boolean;
}

/**
 * Reads, validates and resolves the scorebridge config. Throws ConfigError (every problem, located
 * by file:line:column and YAML path) when the file is missing, malformed or invalid, and when a
 * referenced environment variable is unset.
 */
export async function loadConfig(
  file: string,
  env: ConfigEnv = process.env,
  options: LoadOptions = {},
): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  const configDir = path.dirname(absolute);
  const read = await readConfigFile(file, scorebridgeConfigSchema, {
    env,
    baseDir: configDir,
    ...(options.withoutEmailSecrets ? { deferredSecretGroups: [EMAIL_SECRETS] } : {}),
  });
  const joined = await withFeatureFiles(
    read.scoring,
    configDir,
    process.cwd(),
    options.missingFeatureFilesOk,
  );
  const config = { ...read, scoring: joined.scoring };
  return {
    file: absolute,
    displayFile: displayPath(file),
    configDir,
    config,
    summary: summarize(config),
    featureOrigins: joined.origins,
    describe: () => redact(config),
  };
}
