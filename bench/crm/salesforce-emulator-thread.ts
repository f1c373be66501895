import { Worker } from 'node:worker_threads';
import type {
  SalesforceWorkerInput,
  SalesforceWorkerReady,
  SalesforceWorkerStats,
} from './salesforce-emulator-worker.ts';

/** The benchmark's handle on the emulator worker: start, statistics, reset, close. */
export class EmulatorThread {
  readonly #worker: Worker;
  constructor(input: SalesforceWorkerInput) {
    this.#worker = new Worker(new URL('./salesforce-emulator-worker.ts', import.meta.url), {
      workerData: input,
    });
  }
  #next<T>(type: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        this.#worker.off('message', onMessage);
        this.#worker.off('error', reject);
        resolve(message as T);
      };
      this.#worker.on('message', onMessage);
      this.#worker.once('error', reject);
    });
  }
  ready = () => this.#next<SalesforceWorkerReady>('ready');
  stats = () => {
    const reply = this.#next<SalesforceWorkerStats>('stats');
    this.#worker.postMessage('stats');
    return reply;
  };
  reset = async () => {
    const reply = this.#next('reset');
    this.#worker.postMessage('reset');
    await reply;
  };
  close = async () => {
    const reply = this.#next('closed');
    this.#worker.postMessage('close');
    await reply;
    await this.#worker.terminate();
  };
}
