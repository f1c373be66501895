/** Where the workflow JSON Schema is committed, and the modeline workflow files start with. */
export const WORKFLOW_SCHEMA_FILE = 'config/schema/workflow.schema.json';
export const WORKFLOW_SCHEMA_MODELINE = '# yaml-language-server: $schema=../schema/workflow.schema.json';
