export { CRM_ALIAS, type ReferenceContext } from './context.ts';
export { DEFAULT_EXITS, type ExitCondition, exitSchema } from './exits.ts';
export { expressionIssues, expressionPaths } from './expressions.ts';
export {
  WORKFLOW_SCHEMA_FILE,
  WORKFLOW_SCHEMA_MODELINE,
  workflowJsonSchema,
  workflowJsonSchemaText,
} from './json-schema.ts';
export { type LoadWorkflowsOptions, loadWorkflows } from './load.ts';
export { type ResolvedStep, resolveStep, resolveWorkflow, type WorkflowDefinition } from './resolve.ts';
export {
  DEFAULT_TASK_ASSIGNEE,
  DEFAULT_TASK_PRIORITY,
  DEFAULT_WEBHOOK_METHOD,
  NO_DELAY,
  type Step,
  type StepAction,
  stepSchema,
  TASK_ASSIGNEES,
  TASK_PRIORITIES,
} from './steps.ts';
export {
  DEFAULT_REENROLLMENT,
  type Entry,
  entrySchema,
  REENROLLMENT_POLICIES,
  type Trigger,
  triggerSchema,
} from './triggers.ts';
export { type WorkflowFile, workflowFileSchema } from './workflow-schema.ts';
