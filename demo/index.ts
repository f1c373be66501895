export { type DemoSummary, generateDemoData } from './generate.ts';
export type { DemoAccountStatus } from './model/types.ts';
export {
  DEFAULT_BAD_ROWS_RATE,
  DEFAULT_OUT_DIR,
  type DemoDataOptions,
  resolveDemoOptions,
} from './options.ts';
export { columns, type DemoFileKey, demoFiles } from './output/columns.ts';
export { type DemoManifest, GENERATOR_VERSION } from './output/manifest.ts';
export { formatDemoSummary } from './summary-table.ts';
export { DEFAULT_AS_OF } from './time.ts';
