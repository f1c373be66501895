import type { Connection } from 'jsforce';
import { ConnectorError, type WriteResult } from '../../core/connectors/destination.ts';
import { bulkUpdateCsv } from './bulk-csv.ts';
import type { SalesforceClient } from './client.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { classifySalesforceError } from './errors.ts';
import type { RecordWrite } from './write-plan.ts';
import { parseBulkError, resultForCallError, resultForRecordErrors } from './write-results.ts';

type Job = ReturnType<Connection['bulk2']['createJob']>;
type ResultRow = Readonly<Record<string, unknown>>;

/** Opens, fills and closes one update job; a failure before the close abandons the job, so the caller may start over. */
async function submit(client: SalesforceClient, objectType: string, csv: string): Promise<Job> {
  const job = client.connection.bulk2.createJob({ object: objectType, operation: 'update' });
  await client.call(`bulk open ${objectType}`, () => job.open(), { idempotent: false });
  try {
    await client.call(`bulk upload ${objectType}`, () => job.uploadData(csv), { idempotent: false });
    await client.call(`bulk close ${objectType}`, () => job.close(), { idempotent: false });
  } catch (error) {
    await client
      .call(`bulk abort ${objectType}`, () => job.abort(), { idempotent: false })
      .catch(() => undefined);
    throw error;
  }
  return job;
}

async function waitForJob(
  client: SalesforceClient,
  job: Job,
  config: SalesforceConnectorConfig['writeBack'],
): Promise<void> {
  const polls = Math.max(1, Math.ceil(config.bulkPollTimeoutMs / config.bulkPollIntervalMs));
  for (let poll = 0; poll < polls; poll++) {
    const info = await client.call('bulk poll', () => job.check());
    if (info.state === 'JobComplete') return;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new ConnectorError(
        `Bulk API job ${job.id} ${info.state.toLowerCase()}: ${info.errorMessage ?? 'no reason given'}`,
        {
          kind: info.state === 'Failed' ? 'invalid' : 'permanent',
        },
      );
    }
    await client.pause(config.bulkPollIntervalMs);
  }
  throw new ConnectorError(
    `Bulk API job ${job.id} did not finish within ${config.bulkPollTimeoutMs} ms; it may still complete`,
    {
      kind: 'transient',
    },
  );
}

/**
 * Writes changed values with one Bulk API 2.0 update job (create, upload CSV, close, poll,
 * read results), for write-backs too large for collections to be economical. Submitting is
 * retried as a whole; once a job is closed it is polled, never submitted twice.
 */
export async function writeWithBulk(
  client: SalesforceClient,
  config: SalesforceConnectorConfig,
  objectType: string,
  writes: readonly RecordWrite[],
  keyOf: (index: number) => string,
  results: WriteResult[],
): Promise<void> {
  const failAll = (error: ConnectorError) => {
    for (const write of writes)
      for (const index of write.intents) results[index] = resultForCallError(keyOf(index), error);
  };
  const { csv } = bulkUpdateCsv(writes);
  let job: Job | undefined;
  for (let attempt = 0; !job; attempt++) {
    try {
      job = await submit(client, objectType, csv);
    } catch (error) {
      const classified = classifySalesforceError(error, `bulk update ${objectType}`);
      if (!classified.retryable || attempt >= config.retry.transientRetries) {
        failAll(classified);
        return;
      }
      await client.pause(Math.min(config.retry.maxDelayMs, config.retry.baseDelayMs * 2 ** attempt));
    }
  }
  let successful: ResultRow[];
  let failed: ResultRow[];
  try {
    await waitForJob(client, job, config.writeBack);
    const done = job;
    successful = (await client.call('bulk results', () =>
      done.getSuccessfulResults(),
    )) as unknown as ResultRow[];
    failed = (await client.call('bulk failures', () => done.getFailedResults())) as unknown as ResultRow[];
  } catch (error) {
    failAll(classifySalesforceError(error, `bulk update ${objectType}`));
    return;
  }
  const succeeded = new Set(successful.map((row) => String(row.sf__Id ?? row.Id).slice(0, 15)));
  const failures = new Map(
    failed.map((row) => [String(row.Id ?? row.sf__Id).slice(0, 15), String(row.sf__Error ?? '')]),
  );
  for (const write of writes) {
    const key = write.recordId.slice(0, 15);
    const failure = failures.get(key);
    for (const index of write.intents) {
      if (succeeded.has(key))
        results[index] = { idempotencyKey: keyOf(index), status: 'ok', providerId: write.recordId };
      else if (failure !== undefined)
        results[index] = resultForRecordErrors(
          keyOf(index),
          objectType,
          write.recordId,
          parseBulkError(failure),
        );
      else
        results[index] = {
          idempotencyKey: keyOf(index),
          status: 'retry',
          retryAfterMs: 60_000,
          error: `Bulk API job ${job.id} left ${objectType} ${write.recordId} unprocessed`,
        };
    }
  }
}
