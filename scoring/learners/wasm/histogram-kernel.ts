/**
 * The WebAssembly histogram kernel (histogram.wat) and the memory it works in.
 *
 * WebAssembly reads only its own linear memory, so the data the kernel touches lives there: the
 * row-major bin codes, the interleaved (gradient, hessian) pairs, the row index the tree grower
 * partitions, a scratch area for scattered rows, and a fixed number of histograms. Everything is sized once up front: growing the
 * memory would detach every JavaScript view of it.
 */
import { Histogram, HistogramLayout } from '../histogram.ts';
import { HISTOGRAM_WASM_BASE64 } from './histogram-wasm.ts';

/** Bins per feature in a kernel histogram (see histogram.wat): 255 value bins and the missing bin. */
export const KERNEL_FEATURE_STRIDE = 256;
const BIN_BYTES = 32;
const PAGE_BYTES = 65_536;
/** Stay well inside the 4 GiB a 32-bit WebAssembly memory can address; larger fits use JavaScript. */
const MAX_MEMORY_BYTES = 3 * 1024 ** 3;

export interface KernelShape {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Bins of each feature without its missing bin. */
  readonly nBins: ArrayLike<number>;
  /** Most rows a tree is grown on (the length of `rows`). */
  readonly maxRows: number;
  /** Most histograms alive at once (open nodes of a leaf-wise tree plus one). */
  readonly maxHistograms: number;
}

type AccumulateFn = (
  hist: number,
  codes: number,
  p: number,
  rows: number,
  start: number,
  end: number,
  gh: number,
  scratch: number,
) => void;

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(HISTOGRAM_WASM_BASE64, 'base64'));
    } catch {
      // No WebAssembly SIMD on this runtime: callers fall back to the JavaScript kernel.
      compiled = null;
    }
  }
  return compiled;
}

export class HistogramKernel {
  readonly layout: HistogramLayout;
  /** Row-major bin codes: row r, feature j at r * nFeatures + j. */
  readonly rowCodes: Uint8Array;
  /** The row index handed to the tree grower. */
  readonly rows: Uint32Array;
  private readonly gh: Float64Array;
  private readonly accumulateFn: AccumulateFn;
  private readonly nFeatures: number;
  private readonly codesAddress: number;
  private readonly rowsAddress: number;
  private readonly ghAddress: number;
  private readonly scratchAddress: number;
  private readonly memory: WebAssembly.Memory;
  private nextHistogram: number;
  private readonly histogramsEnd: number;

  /** A kernel for this shape, or null when it does not fit (too large, too many bins, no SIMD). */
  static create(shape: KernelShape): HistogramKernel | null {
    const module = kernelModule();
    if (module === null || shape.nFeatures === 0) return null;
    for (let j = 0; j < shape.nFeatures; j++) {
      if (shape.nBins[j]! + 1 > KERNEL_FEATURE_STRIDE) return null;
    }
    const histogramBytes = shape.nFeatures * KERNEL_FEATURE_STRIDE * BIN_BYTES;
    const sizes = [
      shape.nRows * shape.nFeatures + 16,
      shape.nRows * 16,
      shape.maxRows * 4,
      scratchBytes(shape.nFeatures),
      shape.maxHistograms * histogramBytes,
    ];
    const total = sizes.reduce((sum, bytes) => sum + align(bytes), 0);
    if (!Number.isFinite(total) || total > MAX_MEMORY_BYTES) return null;
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(total / PAGE_BYTES)) });
    return new HistogramKernel(module, memory, shape, histogramBytes);
  }

  private constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    shape: KernelShape,
    histogramBytes: number,
  ) {
    this.memory = memory;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.accumulateFn = instance.exports.accumulate as AccumulateFn;
    this.nFeatures = shape.nFeatures;
    this.layout = new HistogramLayout(shape.nBins, KERNEL_FEATURE_STRIDE);
    let next = 0;
    const take = (bytes: number): number => {
      const at = next;
      next += align(bytes);
      return at;
    };
    // 16 spare bytes: the kernel copies a scattered row's codes 16 bytes at a time.
    this.codesAddress = take(shape.nRows * shape.nFeatures + 16);
    this.ghAddress = take(shape.nRows * 16);
    this.rowsAddress = take(shape.maxRows * 4);
    this.scratchAddress = take(scratchBytes(shape.nFeatures));
    this.nextHistogram = next;
    this.histogramsEnd = next + shape.maxHistograms * histogramBytes;
    this.rowCodes = new Uint8Array(memory.buffer, this.codesAddress, shape.nRows * shape.nFeatures);
    this.gh = new Float64Array(memory.buffer, this.ghAddress, shape.nRows * 2);
    this.rows = new Uint32Array(memory.buffer, this.rowsAddress, shape.maxRows);
  }

  /** A new zeroed histogram in kernel memory; there are maxHistograms of them in all. */
  newHistogram(): Histogram {
    const bytes = this.layout.totalBins * BIN_BYTES;
    if (this.nextHistogram + bytes > this.histogramsEnd) {
      throw new Error('HistogramKernel: more histograms alive than the kernel was sized for');
    }
    const address = this.nextHistogram;
    this.nextHistogram += bytes;
    return new Histogram(this.layout, new Float64Array(this.memory.buffer, address, bytes / 8), address);
  }

  /** Copies the gradients (a) and hessians (b) of rows[0..n) to where the kernel reads them. */
  loadTargets(n: number, a: Float64Array, b: Float64Array): void {
    const gh = this.gh;
    const rows = this.rows;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      gh[2 * r] = a[r]!;
      gh[2 * r + 1] = b[r]!;
    }
  }

  /** Adds rows[start..start+n) of `rows` (this kernel's index) to every feature of `hist`. */
  accumulate(hist: Histogram, start: number, n: number): void {
    if (hist.address < 0) throw new Error('HistogramKernel: the histogram is not in kernel memory');
    this.accumulateFn(
      hist.address,
      this.codesAddress,
      this.nFeatures,
      this.rowsAddress,
      start,
      start + n,
      this.ghAddress,
      this.scratchAddress,
    );
    for (let j = 0; j < this.nFeatures; j++) {
      hist.lo[j] = 0;
      hist.hi[j] = this.layout.nBins[j]!;
    }
  }
}

/** Where the kernel copies chunks of 256 scattered rows: their codes (16-byte aligned) and (g, h). */
function scratchBytes(nFeatures: number): number {
  return 256 * (Math.ceil(nFeatures / 16) * 16 + 16);
}

/** 64-byte alignment: cache lines, and the 16 bytes SIMD loads prefer. */
function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
