import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { type ConfigEnv, readEnv, runInConfigContext } from './context.ts';
import { interpolateTree } from './interpolate-tree.ts';
import { parseYamlSource } from './yaml-source.ts';
import { toConfigIssues } from './zod-issues.ts';

export interface ParseConfigOptions {
  /** Environment `${VAR}` references resolve against; defaults to process.env. */
  readonly env?: ConfigEnv;
  /** Folder relative paths resolve against; defaults to the config file's folder. */
  readonly baseDir?: string;
  /** Secret groups the caller does not use; their variables may be unset (see secretRef). */
  readonly deferredSecretGroups?: readonly string[];
}

/**
 * Parses YAML text and validates it against `schema`, resolving `${VAR}` references and secrets.
 * Throws a ConfigError listing every problem found, each with file:line:column and YAML path.
 * `file` is only used for messages and for the default baseDir.
 */
export function parseConfigText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: ParseConfigOptions = {},
): z.output<S> {
  const source = parseYamlSource(text, file);
  if (source.syntaxIssues.length > 0) throw new ConfigError(source.syntaxIssues);
  const env = readEnv(options.env);
  const baseDir = options.baseDir ?? path.dirname(path.resolve(file));
  const interpolated = interpolateTree(source, source.data, schema, env);
  const context = {
    env,
    baseDir,
    ...(options.deferredSecretGroups ? { deferredSecretGroups: options.deferredSecretGroups } : {}),
  };
  const result = runInConfigContext(context, () => schema.safeParse(interpolated.data));
  const issues: ConfigIssue[] = [...interpolated.issues];
  if (!result.success) {
    issues.push(...toConfigIssues(result.error.issues, { source, schema, data: interpolated.data }));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return result.data as z.output<S>;
}

/**
 * How a path is shown in messages: relative to the working directory when the file is inside it
 * (what the user typed, usually), else absolute.
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

/** Reads and validates a config file; a missing or unreadable file is a located ConfigError too. */
export async function readConfigFile<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ParseConfigOptions = {},
): Promise<z.output<S>> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? 'error'})`;
    throw new ConfigError({
      file: shown,
      line: 1,
      column: 1,
      path: '',
      message,
      hint: 'run `scorebridge init` to create one',
    });
  }
  return parseConfigText(text, shown, schema, { baseDir: path.dirname(path.resolve(file)), ...options });
}
