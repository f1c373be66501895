import { toIso } from '../time.ts';
import type { DemoFileKey } from './columns.ts';
import { demoFiles } from './columns.ts';
import type { WrittenFile } from './file-sink.ts';

/** Bumped whenever the same seed would produce different files. */
export const GENERATOR_VERSION = '1.0.1';

export interface ManifestFile extends WrittenFile {
  readonly file: string;
  readonly badRows: number;
}

export interface DemoManifest {
  readonly generator: 'scorebridge-demo-data';
  readonly version: string;
  readonly seed: number;
  readonly asOf: string;
  readonly historyStart: string;
  readonly contactsRequested: number;
  readonly badRowsRate: number;
  readonly files: Readonly<Record<DemoFileKey, ManifestFile>>;
  readonly accountStatus: Readonly<Record<string, number>>;
  readonly note: string;
}

export function buildManifest(input: {
  seed: number;
  asOfMs: number;
  historyStartMs: number;
  contactsRequested: number;
  badRowsRate: number;
  written: Record<DemoFileKey, WrittenFile>;
  badRows: Partial<Record<DemoFileKey, number>>;
  accountStatus: Record<string, number>;
}): DemoManifest {
  const files = {} as Record<DemoFileKey, ManifestFile>;
  for (const key of Object.keys(demoFiles) as DemoFileKey[]) {
    files[key] = { file: demoFiles[key], ...input.written[key], badRows: input.badRows[key] ?? 0 };
  }
  return {
    generator: 'scorebridge-demo-data',
    version: GENERATOR_VERSION,
    seed: input.seed,
    asOf: toIso(input.asOfMs),
    historyStart: toIso(input.historyStartMs),
    contactsRequested: input.contactsRequested,
    badRowsRate: input.badRowsRate,
    files,
    accountStatus: input.accountStatus,
    note: 'truth.csv is ground truth for model-quality checks; it is not imported by the file connector.',
  };
}
