/**
 * Compiles histogram.wat into histogram-wasm.ts (the bytes as base64), so the product loads the
 * kernel without a WebAssembly toolchain at run time. Run `npm run build:wasm` after editing the
 * .wat; test/unit/scoring/learners/histogram-kernel.test.ts fails while the two disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WAT_FILE = path.join(here, 'histogram.wat');
const OUT_FILE = path.join(here, 'histogram-wasm.ts');

export async function compileHistogramWat(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat(WAT_FILE, readFileSync(WAT_FILE, 'utf8'), { simd: true });
  try {
    parsed.validate();
    return Uint8Array.from(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

export function histogramWasmSource(bytes: Uint8Array): string {
  return [
    '// Generated from histogram.wat by `npm run build:wasm`; do not edit.',
    `export const HISTOGRAM_WASM_BASE64 =\n  '${Buffer.from(bytes).toString('base64')}';`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await compileHistogramWat();
  writeFileSync(OUT_FILE, histogramWasmSource(bytes));
  console.log(`wrote ${path.relative(process.cwd(), OUT_FILE)} (${bytes.length} bytes of WebAssembly)`);
}
