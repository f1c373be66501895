export { type DemoSummary, generateDemoData } from './generate.ts';
export { columns, demoFiles, type DemoFileKey } from './output/columns.ts';
export { type DemoManifest, GENERATOR_VERSION } from './output/manifest.ts';
export { DEFAULT_BAD_ROWS_RATE, DEFAULT_OUT_DIR, type DemoDataOptions } from './options.ts';
export { DEFAULT_AS_OF } from './time.ts';
