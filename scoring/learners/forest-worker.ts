/** Worker entry: grows the forest trees it is given and sends them back packed. */
import { parentPort, workerData } from 'node:worker_threads';
import { type ForestJob, growForestTrees } from './forest-trees.ts';
import { packTree, transferList } from './tree-transfer.ts';

interface WorkerInput {
  readonly job: ForestJob;
  readonly treeIndices: readonly number[];
}

const { job, treeIndices } = workerData as WorkerInput;
const packed = growForestTrees(job, treeIndices).map(packTree);
parentPort!.postMessage(packed, packed.flatMap(transferList));
