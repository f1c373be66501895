import { Worker } from 'node:worker_threads';
import type { Reason, Tier } from '../../core/schema/index.ts';
import type { RawTable } from '../features/raw-table.ts';

export interface ExplainRequest {
  readonly id: number;
  readonly rows: number;
  readonly width: number;
  /** rows × width encoded feature values, row after row. */
  readonly encoded: Float64Array;
  readonly names: readonly string[];
  readonly numbers: readonly (Float64Array | null)[];
  readonly texts: readonly ((string | null)[] | null)[];
  readonly topK: number;
}

export interface ExplainedRow {
  readonly probability: number;
  readonly value: number;
  readonly tier: Tier;
  readonly reasons: Reason[];
}

export interface ExplainResponse {
  readonly id: number;
  readonly results: ExplainedRow[];
}

/**
 * Worker threads explaining rows of one model in parallel: TreeSHAP is most of batch scoring's
 * time, and each row is independent. Results come back in row order, the same as in process.
 */
export class ExplainPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<
    number,
    { resolve: (rows: ExplainedRow[]) => void; reject: (error: Error) => void }
  >();
  #next = 0;

  constructor(artifactJson: unknown, threads: number) {
    this.#workers = Array.from({ length: threads }, () => {
      const worker = new Worker(new URL('./explain-worker.ts', import.meta.url), {
        workerData: { artifact: artifactJson },
      });
      worker.on('message', (response: ExplainResponse) => {
        this.#pending.get(response.id)?.resolve(response.results);
        this.#pending.delete(response.id);
      });
      worker.on('error', (error) => {
        for (const { reject } of this.#pending.values())
          reject(new Error(`explain worker failed: ${error.message}`));
        this.#pending.clear();
      });
      return worker;
    });
  }

  /** Explains every row of `encoded` (rows × width) with its raw values from `table`, split across the workers. */
  async explain(
    encoded: Float64Array,
    width: number,
    table: RawTable,
    topK: number,
  ): Promise<ExplainedRow[]> {
    const rows = table.nRows;
    const share = Math.ceil(rows / this.#workers.length);
    const parts = this.#workers.map((worker, w) => {
      const from = w * share;
      const to = Math.min(rows, from + share);
      if (from >= to) return Promise.resolve([] as ExplainedRow[]);
      const id = this.#next++;
      const request: ExplainRequest = {
        id,
        rows: to - from,
        width,
        encoded: encoded.slice(from * width, to * width),
        names: table.featureNames,
        numbers: table.numbers.map((column) => (column ? column.slice(from, to) : null)),
        texts: table.texts.map((column) => (column ? column.slice(from, to) : null)),
        topK,
      };
      return new Promise<ExplainedRow[]>((resolve, reject) => {
        this.#pending.set(id, { resolve, reject });
        worker.postMessage(request, [request.encoded.buffer as ArrayBuffer]);
      });
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
