export { ConfigError, type ConfigIssue, formatIssue, isConfigError, orderIssues } from './config-error.ts';
export {
  type ConfigContext,
  type ConfigEnv,
  currentConfigContext,
  envSchema,
  readEnv,
  runInConfigContext,
} from './context.ts';
export { ENV_NAME, type InterpolationResult, interpolateEnv, SECRET_REF_PATTERN } from './interpolate.ts';
export { type JsonSchemaDocument, type JsonSchemaMeta, toConfigJsonSchema } from './json-schema.ts';
export { type ConfigPath, formatPath } from './path.ts';
export { checkReference, type ReferenceCheck, referenceHint } from './references.ts';
export { allowedKeys, childSchema, isSecretField, schemaAt, unwrapLayers } from './schema-walk.ts';
export { configRelativePath, isSecretSchema, SECRET_REF_JSON_PATTERN, secretRef } from './secret-ref.ts';
export { closest, editDistance, quoteList, suggestionHint } from './suggest.ts';
export { displayPath, type ParseConfigOptions, parseConfigText, readConfigFile } from './validate.ts';
export {
  issueAt,
  type LocateTarget,
  parseYamlSource,
  type SourcePosition,
  type YamlSource,
} from './yaml-source.ts';
export { type IssueContext, suggestedEnvName, toConfigIssues } from './zod-issues.ts';
