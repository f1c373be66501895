export { salesforceFieldChecklist } from './admin-fields.ts';
export { type ClientUsage, SalesforceClient, type SalesforceClientDeps } from './client.ts';
export {
  type SalesforceConnectorConfig,
  type SalesforceConnectorConfigInput,
  salesforceConnectorConfigSchema,
} from './config.ts';
export {
  SalesforceDestinationConnector,
  type SalesforceDestinationDeps,
  type WriteSummary,
} from './destination.ts';
export { classifySalesforceError, DailyLimitError } from './errors.ts';
export { OrgLimits, orgLimitsFor } from './org-limits.ts';
export {
  type AdminFieldRow,
  adminFieldRow,
  customFieldDefinition,
  objectsForEntity,
  type ScoredModel,
  salesforceFieldName,
  scoreFieldSpecs,
  scoreFieldValues,
  taskKeyFieldSpec,
} from './score-fields.ts';
export { type SalesforceConnectorDeps, SalesforceSourceConnector } from './source.ts';
export { type SalesforceStreamName, salesforceStreamNames } from './streams.ts';
