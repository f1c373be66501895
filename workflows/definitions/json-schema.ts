import { type JsonSchemaDocument, toConfigJsonSchema } from '../../core/config/index.ts';
import { workflowFileSchema } from './workflow-schema.ts';

export { WORKFLOW_SCHEMA_FILE, WORKFLOW_SCHEMA_MODELINE } from './schema-file.ts';

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
