/**
 * Worker entry: explains rows with one lead or churn model (TreeSHAP reasons), for batch scoring
 * on worker threads. The model is parsed once per worker; rows arrive encoded, with the raw values
 * reasons quote.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rowValues } from '../features/raw-table.ts';
import { parseBinaryArtifact } from '../models/binary-artifact.ts';
import { BinaryScorer } from '../models/binary-scorer.ts';
import type { ExplainRequest, ExplainResponse } from './explain-pool.ts';

const scorer = new BinaryScorer(
  parseBinaryArtifact((workerData as { artifact: unknown }).artifact, 'explain worker'),
);

parentPort!.on('message', (request: ExplainRequest) => {
  const { id, rows, width, names, numbers, texts, topK } = request;
  const row = new Float64Array(width);
  const results: ExplainResponse['results'] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) row[j] = request.encoded[i * width + j]!;
    const explained = scorer.explain(row, rowValues({ featureNames: names, numbers, texts }, i), topK);
    results.push({
      probability: explained.probability,
      value: explained.value,
      tier: explained.tier,
      reasons: explained.reasons,
    });
  }
  parentPort!.postMessage({ id, results } satisfies ExplainResponse);
});
