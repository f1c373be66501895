import { z } from 'zod';
import { connectorConfigSchema } from '../../connectors/config-schema.ts';
import { checkReference, configRelativePath } from '../../core/config/index.ts';
import { emailSchema } from './email.ts';
import { jobsSchema } from './jobs.ts';
import { safetySchema } from './safety.ts';
import { schedulesSchema } from './schedules.ts';
import { scoringSchema } from './scoring.ts';
import { serverSchema } from './server.ts';
import { storeSchema } from './store.ts';

export const CONNECTOR_NAME = /^[a-z][a-z0-9_]*$/;
export const DEFAULT_WORKFLOWS_DIR = 'workflows';
export const DEFAULT_TEMPLATES_DIR = 'templates';

const identitySchema = z
  .strictObject({
    systemPriority: z
      .array(z.string())
      .prefault([])
      .describe(
        'Connector names, most trusted first: breaks ties when two systems updated a field at the same time.',
      ),
    emailNormalization: z
      .strictObject({
        gmailDotsAndPlus: z
          .boolean()
          .default(true)
          .describe('Treat j.doe+news@gmail.com and jdoe@gmail.com as the same person.'),
      })
      .prefault({}),
  })
  .prefault({});

const workflowsSchema = z
  .strictObject({
    dir: configRelativePath()
      .prefault(DEFAULT_WORKFLOWS_DIR)
      .describe("Folder of workflow YAML files, relative to the config file's folder."),
    templates: configRelativePath()
      .prefault(DEFAULT_TEMPLATES_DIR)
      .describe("Folder whose subfolders are email template sets, relative to the config file's folder."),
  })
  .prefault({});

const connectorsSchema = z
  .record(
    z
      .string()
      .regex(CONNECTOR_NAME, 'connector names are lower snake case, like "hubspot" or "salesforce_eu"'),
    connectorConfigSchema,
  )
  .prefault({})
  .describe('Connector name -> connection. The name becomes the `system` of every record it reads.');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Names in identity.systemPriority must be configured connectors. Runs even when other parts of
 * the file are invalid (the value may then be partial), so one pass reports every problem.
 */
function checkSystemPriority(config: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(config) || !isRecord(config.identity) || !Array.isArray(config.identity.systemPriority))
    return;
  const connectors = isRecord(config.connectors) ? Object.keys(config.connectors) : [];
  const seen = new Set<string>();
  config.identity.systemPriority.forEach((name: unknown, index: number) => {
    if (typeof name !== 'string') return;
    const path = ['identity', 'systemPriority', index];
    if (seen.has(name))
      ctx.addIssue({ code: 'custom', path, message: `connector '${name}' is listed twice` });
    seen.add(name);
    checkReference(ctx, { value: name, candidates: connectors, path, what: 'connector' });
  });
}

export const scorebridgeConfigSchema = z
  .strictObject({
    version: z.literal(1).describe('Config format version.'),
    store: storeSchema,
    identity: identitySchema,
    connectors: connectorsSchema,
    schedules: schedulesSchema,
    jobs: jobsSchema,
    scoring: scoringSchema,
    workflows: workflowsSchema,
    email: emailSchema.optional(),
    server: serverSchema,
    safety: safetySchema,
  })
  .superRefine(checkSystemPriority, { when: () => true })
  .describe('scorebridge configuration');

export type ScorebridgeConfig = z.output<typeof scorebridgeConfigSchema>;
export type ScorebridgeConfigInput = z.input<typeof scorebridgeConfigSchema>;
