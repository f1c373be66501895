import { type JsonSchemaDocument, toConfigJsonSchema } from '../../core/config/index.ts';
import { workflowFileSchema } from './workflow-schema.ts';

/** Where the workflow JSON Schema is committed, and the modeline workflow files start with. */
export const WORKFLOW_SCHEMA_FILE = 'config/schema/workflow.schema.json';
export const WORKFLOW_SCHEMA_MODELINE = '# yaml-language-server: $schema=../schema/workflow.schema.json';

export function workflowJsonSchema(): JsonSchemaDocument {
  return toConfigJsonSchema(workflowFileSchema(), {
    title: 'scorebridge workflow',
    description:
      'One file in config/workflows/. Generated from the zod schema in workflows/definitions; do not edit.',
  });
}

/** Stable text for the committed file: two-space JSON with a trailing newline. */
export function workflowJsonSchemaText(): string {
  return `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`;
}
