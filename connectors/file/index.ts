export {
  type FileConnectorConfig,
  type FileStreamConfig,
  fileConnectorConfigSchema,
  fileStreamConfigSchema,
} from './config.ts';
export { type FileCursor, fileCursorSchema } from './file-cursor.ts';
export { FileSourceConnector, type FileSourceDeps } from './file-source.ts';
export {
  formatImportSummary,
  formatRejection,
  type ImportSummary,
  ImportSummaryBuilder,
  type StreamImportSummary,
} from './import-summary.ts';
