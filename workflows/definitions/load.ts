import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type ConfigEnv,
  ConfigError,
  type ConfigIssue,
  displayPath,
  isConfigError,
  issueAt,
  parseConfigText,
  parseYamlSource,
} from '../../core/config/index.ts';
import { loadTemplateSet } from '../email/index.ts';
import type { ReferenceContext } from './context.ts';
import { expressionIssues } from './expressions.ts';
import { resolveWorkflow, type WorkflowDefinition } from './resolve.ts';
import { type LoadedFile, sequenceReferenceIssues } from './sequence-references.ts';
import { tierStepIssues } from './tier-steps.ts';
import { workflowFileSchema } from './workflow-schema.ts';

const DEFAULT_TIER_NAMES = ['low', 'medium', 'high'];

export interface LoadWorkflowsOptions {
  /** Connector names from the main config. */
  readonly connectors: readonly string[];
  /** Which of `connectors` are CRMs, in config order; `to: crm` targets the first. Default none. */
  readonly crmConnectors?: readonly string[];
  /** Model names from the main config; absent or empty skips model checks. */
  readonly models?: readonly string[];
  /** Tier names from the main config; default low, medium, high. */
  readonly tiers?: readonly string[];
  /** Folder whose subfolders are template sets (config/templates). */
  readonly templatesDir: string;
  /** Environment `${VAR}` references (notify.slack_webhook) resolve against; default process.env. */
  readonly env?: ConfigEnv;
}

const WORKFLOW_FILE = /\.ya?ml$/;

function rawField(data: unknown, key: string): string | undefined {
  const value =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function sendsEmail(data: unknown): boolean {
  const steps = typeof data === 'object' && data !== null ? (data as { steps?: unknown }).steps : undefined;
  return Array.isArray(steps) && steps.some((step) => rawField(step, 'action') === 'send_email');
}

type TemplateNames = { names?: readonly string[]; problem?: string };

async function templateNames(
  dir: string,
  cache: Map<string, Promise<TemplateNames>>,
): Promise<TemplateNames> {
  let pending = cache.get(dir);
  if (!pending) {
    pending = loadTemplateSet(dir).then(
      (set) => ({ names: set.names }),
      (error: Error) => ({ problem: error.message }),
    );
    cache.set(dir, pending);
  }
  return pending;
}

interface FileResult {
  readonly issues: readonly ConfigIssue[];
  readonly definition?: WorkflowDefinition;
  /** Present once the YAML parsed, even when the file has other errors. */
  readonly loaded?: LoadedFile;
}

async function loadOne(
  file: string,
  options: LoadWorkflowsOptions,
  cache: Map<string, Promise<TemplateNames>>,
): Promise<FileResult> {
  const shown = displayPath(file);
  const text = await readFile(file, 'utf8');
  const source = parseYamlSource(text, shown);
  if (source.syntaxIssues.length > 0) return { issues: source.syntaxIssues };

  const fallbackName = path.basename(file).replace(WORKFLOW_FILE, '');
  const loaded: LoadedFile = { source, name: rawField(source.data, 'name') ?? fallbackName };
  const folder = rawField(source.data, 'templates') ?? rawField(source.data, 'name') ?? fallbackName;
  // A workflow that sends no email (and names no template set) needs no templates folder.
  const needsTemplates = rawField(source.data, 'templates') !== undefined || sendsEmail(source.data);
  const templates: TemplateNames = needsTemplates
    ? await templateNames(path.resolve(options.templatesDir, folder), cache)
    : {};
  const issues: ConfigIssue[] = [];
  if (templates.problem !== undefined) {
    issues.push(
      issueAt(
        source,
        ['templates'],
        `cannot load template set '${folder}': ${templates.problem}`,
        'set `templates:` to a folder under the templates directory',
      ),
    );
  }
  const context: ReferenceContext = {
    connectors: options.connectors,
    crmConnectors: options.crmConnectors ?? [],
    models: options.models ?? [],
    tiers: options.tiers ?? DEFAULT_TIER_NAMES,
    ...(templates.names ? { templates: templates.names } : {}),
  };
  issues.push(...expressionIssues(source, text), ...tierStepIssues(source));
  try {
    const parsed = parseConfigText(text, shown, workflowFileSchema(context), {
      baseDir: path.dirname(file),
      ...(options.env ? { env: options.env } : {}),
    });
    if (issues.length > 0) return { issues, loaded };
    const definition = resolveWorkflow(parsed, shown, fallbackName, context.crmConnectors);
    return { issues, definition, loaded };
  } catch (error) {
    if (!isConfigError(error)) throw error;
    return { issues: [...issues, ...error.issues], loaded };
  }
}

/**
 * Loads every workflow file in `dir`, checking names against the main config and the template sets.
 * Throws one ConfigError listing every problem in every file, each at file:line:column + YAML path.
 */
export async function loadWorkflows(
  dir: string,
  options: LoadWorkflowsOptions,
): Promise<WorkflowDefinition[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((entry) => WORKFLOW_FILE.test(entry)).sort();
  } catch {
    throw new ConfigError({
      file: displayPath(dir),
      line: 1,
      column: 1,
      path: '',
      message: 'workflow folder not found',
      hint: 'check `workflows.dir` in the main config',
    });
  }
  const cache = new Map<string, Promise<TemplateNames>>();
  const results = await Promise.all(entries.map((entry) => loadOne(path.join(dir, entry), options, cache)));
  const issues = results.flatMap((result) => result.issues);
  issues.push(
    ...sequenceReferenceIssues(results.flatMap((result) => (result.loaded ? [result.loaded] : []))),
  );
  const seen = new Map<string, string>();
  for (const { definition, loaded } of results) {
    if (!definition || !loaded) continue;
    const { source } = loaded;
    const first = seen.get(definition.name);
    if (first !== undefined)
      issues.push(
        issueAt(
          source,
          ['name'],
          `workflow name '${definition.name}' is already used by ${first}`,
          'give each workflow file its own name',
        ),
      );
    else seen.set(definition.name, definition.file);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return results.flatMap((result) => (result.definition ? [result.definition] : []));
}
