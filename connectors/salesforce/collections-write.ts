import type { WriteResult } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import { classifySalesforceError } from './errors.ts';
import { chunk, type RecordWrite } from './write-plan.ts';
import { type RecordError, resultForCallError, resultForRecordErrors } from './write-results.ts';

interface SaveResultLike {
  readonly id?: string;
  readonly success: boolean;
  readonly errors?: readonly (
    | RecordError
    | { errorCode?: string; statusCode?: string; message: string; fields?: string[] }
  )[];
}

function recordErrors(result: SaveResultLike): RecordError[] {
  return (result.errors ?? []).map((error) => ({
    statusCode:
      ('statusCode' in error && error.statusCode) ||
      ('errorCode' in error && error.errorCode) ||
      'UNKNOWN_EXCEPTION',
    message: error.message,
    ...(error.fields ? { fields: error.fields } : {}),
  }));
}

/**
 * Writes changed values with sObject Collections (PATCH /composite/sobjects, allOrNone false),
 * `size` records per call. jsforce does not retry PATCH; the client does, which is safe because
 * an update with the same values is idempotent.
 */
export async function writeWithCollections(
  client: SalesforceClient,
  objectType: string,
  writes: readonly RecordWrite[],
  size: number,
  keyOf: (index: number) => string,
  results: WriteResult[],
): Promise<void> {
  // Chunks go out together; the org's p-queue decides how many are in flight.
  await Promise.all(
    chunk(writes, size).map(async (batch) => {
      const records = batch.map((write) => ({ Id: write.recordId, ...write.fields }));
      try {
        const saved = (await client.call(`update ${objectType}`, (conn) =>
          conn.sobject(objectType).update(records, { allOrNone: false }),
        )) as unknown as SaveResultLike[];
        batch.forEach((write, position) => {
          const outcome = saved[position];
          for (const index of write.intents) {
            results[index] =
              outcome?.success === true
                ? { idempotencyKey: keyOf(index), status: 'ok', providerId: write.recordId }
                : resultForRecordErrors(
                    keyOf(index),
                    objectType,
                    write.recordId,
                    outcome ? recordErrors(outcome) : [],
                  );
          }
        });
      } catch (error) {
        const classified = classifySalesforceError(error, `update ${objectType}`);
        for (const write of batch)
          for (const index of write.intents) results[index] = resultForCallError(keyOf(index), classified);
      }
    }),
  );
}
