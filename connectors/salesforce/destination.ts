import { type Clock, systemClock } from '../../core/clock.ts';
import {
  ConnectorError,
  type DestinationConnector,
  type FieldPreview,
  type FieldWriteIntent,
  type ScoreFieldSpec,
  type TaskIntent,
  type WriteFieldsOptions,
  type WriteResult,
} from '../../core/connectors/destination.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { writeWithBulk } from './bulk-write.ts';
import { SalesforceClient } from './client.ts';
import { writeWithCollections } from './collections-write.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { readCurrentValues } from './current-values.ts';
import { classifySalesforceError } from './errors.ts';
import { ensureFields, type FieldSetupResult } from './field-setup.ts';
import type { OrgLimits } from './org-limits.ts';
import { apiUserId, markCoveredChanges, OWN_WRITE_AUDIT_FIELDS } from './own-writes.ts';
import { taskKeyFieldDefinition } from './score-fields.ts';
import { upsertTasks } from './tasks.ts';
import { type FieldMeta, ID_FORMAT, intentProblem, planWrites, type RecordWrite } from './write-plan.ts';
import { resultForCallError } from './write-results.ts';

export interface SalesforceDestinationDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly limits?: OrgLimits;
  /** Limits shared with every process using the org (a Postgres store). */
  readonly sharedLimits?: CrmLimits;
}

/** How the last writeFields call went, for logs and benchmarks. */
export interface WriteSummary {
  readonly unchanged: number;
  readonly viaCollections: number;
  readonly viaBulk: number;
}

/**
 * Score write-back and task creation for Salesforce. Fields are created through the Tooling
 * API; values are compared with what the org holds and only changed ones are sent, through
 * sObject Collections or, above `writeBack.bulkThreshold` records, one Bulk API 2.0 job.
 */
export class SalesforceDestinationConnector implements DestinationConnector {
  readonly name: string;
  /** Tasks are upserted on their external-id key field (tasks.ts), so a repeat updates the first. */
  readonly tasksIdempotentByKey = true;
  readonly client: SalesforceClient;
  readonly #config: SalesforceConnectorConfig;
  #lastWrite: WriteSummary = { unchanged: 0, viaCollections: 0, viaBulk: 0 };
  /** The Task key field was found or created; checked once per connector instead of on every call. */
  #taskKeyReady = false;

  constructor(name: string, config: SalesforceConnectorConfig, deps: SalesforceDestinationDeps = {}) {
    this.name = name;
    this.#config = config;
    this.client = new SalesforceClient(config, {
      clock: deps.clock ?? systemClock,
      logger: deps.logger ?? silentLogger(),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.limits ? { limits: deps.limits } : {}),
      ...(deps.sharedLimits ? { sharedLimits: deps.sharedLimits } : {}),
    });
  }

  get lastWrite(): WriteSummary {
    return this.#lastWrite;
  }

  ensureScoreFields(objectType: string, fields: readonly ScoreFieldSpec[]): Promise<FieldSetupResult> {
    return ensureFields(this.client, this.#config, this.name, objectType, fields);
  }

  /**
   * Every intent of one object type checked and compared with what the org holds (read first, so a
   * value edited in Salesforce is always written again): answers for intents that need no write,
   * and the record writes for the rest.
   */
  async #plan(
    objectType: string,
    intents: readonly FieldWriteIntent[],
    indexes: readonly number[],
    results: WriteResult[],
    forPreview: boolean,
  ): Promise<{
    writes: RecordWrite[];
    missing: number[];
    current: Map<string, Record<string, unknown>>;
  }> {
    const keyOf = (index: number) => intents[index]!.idempotencyKey;
    const fields = new Map<string, FieldMeta>(
      (await this.client.describeFields(objectType)).map((field) => [field.name.toLowerCase(), field]),
    );
    // A preview runs before ensureScoreFields would create missing fields: those records are all new values.
    const missing = forPreview
      ? indexes.filter(
          (index) =>
            ID_FORMAT.test(intents[index]!.recordId) &&
            Object.keys(intents[index]!.fields).some((name) => !fields.has(name.toLowerCase())),
        )
      : [];
    const valid = indexes.filter((index) => {
      if (missing.includes(index)) return false;
      const problem = intentProblem(intents[index]!, fields);
      if (problem)
        results[index] = { idempotencyKey: keyOf(index), status: 'failed', kind: 'invalid', error: problem };
      return !problem;
    });
    if (valid.length === 0) return { writes: [], missing, current: new Map() };
    const fieldNames = [...new Set(valid.flatMap((index) => Object.keys(intents[index]!.fields)))].map(
      (name) => fields.get(name.toLowerCase())!.name,
    );
    const recordIds = [...new Set(valid.map((index) => intents[index]!.recordId))];
    // Who changed each record last, so a write covering someone else's unsynced change is reported.
    const audit = this.#config.ignoreOwnWrites && !forPreview ? OWN_WRITE_AUDIT_FIELDS : [];
    const current = await readCurrentValues(this.client, objectType, recordIds, [...fieldNames, ...audit]);
    return { writes: planWrites(intents, valid, fields, current, results), missing, current };
  }

  async writeFields(
    intents: readonly FieldWriteIntent[],
    _options?: WriteFieldsOptions,
  ): Promise<WriteResult[]> {
    const results: WriteResult[] = new Array(intents.length);
    const keyOf = (index: number) => intents[index]!.idempotencyKey;
    const summary = { unchanged: 0, viaCollections: 0, viaBulk: 0 };

    for (const [objectType, indexes] of byObjectType(intents)) {
      try {
        const { writes, current } = await this.#plan(objectType, intents, indexes, results, false);
        summary.unchanged += indexes.filter((index) => {
          const result = results[index];
          return result?.status === 'ok' && result.skipped === 'unchanged';
        }).length;
        if (writes.length === 0) continue;
        if (writes.length > this.#config.writeBack.bulkThreshold) {
          summary.viaBulk += writes.length;
          await writeWithBulk(this.client, this.#config, objectType, writes, keyOf, results);
        } else {
          summary.viaCollections += writes.length;
          await writeWithCollections(
            this.client,
            objectType,
            writes,
            this.#config.writeBack.collectionSize,
            keyOf,
            results,
          );
        }
        for (const write of writes)
          if (write.repair)
            for (const index of write.intents) {
              const result = results[index];
              if (result?.status === 'ok') results[index] = { ...result, repaired: true };
            }
        if (this.#config.ignoreOwnWrites)
          markCoveredChanges(writes, current, await apiUserId(this.client), results);
      } catch (error) {
        const classified = classifySalesforceError(error, `write ${objectType}`);
        for (const index of indexes) results[index] ??= resultForCallError(keyOf(index), classified);
      }
    }
    this.#lastWrite = summary;
    return results;
  }

  async previewFields(
    intents: readonly FieldWriteIntent[],
    _options?: WriteFieldsOptions,
  ): Promise<FieldPreview[]> {
    const answers: FieldPreview[] = new Array(intents.length);
    for (const [objectType, indexes] of byObjectType(intents)) {
      const results: WriteResult[] = new Array(intents.length);
      try {
        const { writes, missing } = await this.#plan(objectType, intents, indexes, results, true);
        for (const index of missing)
          answers[index] = {
            idempotencyKey: intents[index]!.idempotencyKey,
            status: 'write',
            fields: Object.keys(intents[index]!.fields),
            repair: false,
          };
        for (const write of writes)
          for (const index of write.intents)
            answers[index] = {
              idempotencyKey: intents[index]!.idempotencyKey,
              status: 'write',
              fields: Object.keys(write.fields),
              repair: write.repair,
            };
      } catch (error) {
        const classified = classifySalesforceError(error, `read ${objectType}`);
        for (const index of indexes)
          results[index] ??= resultForCallError(intents[index]!.idempotencyKey, classified);
      }
      for (const index of indexes) {
        if (answers[index]) continue;
        const result = results[index]!;
        answers[index] =
          result.status === 'ok'
            ? { idempotencyKey: result.idempotencyKey, status: 'unchanged' }
            : { idempotencyKey: result.idempotencyKey, status: 'failed', error: result.error };
      }
    }
    return answers;
  }

  async createTasks(intents: readonly TaskIntent[]): Promise<WriteResult[]> {
    const keyField = this.#config.writeBack.taskKeyField;
    try {
      if (!this.#taskKeyReady)
        await ensureFields(this.client, this.#config, this.name, 'Task', [taskKeyFieldDefinition(keyField)]);
      this.#taskKeyReady = true;
    } catch (error) {
      const classified =
        error instanceof ConnectorError ? error : classifySalesforceError(error, 'prepare Task key field');
      return intents.map((intent) => resultForCallError(intent.idempotencyKey, classified));
    }
    return upsertTasks(this.client, intents, keyField, this.#config.writeBack.collectionSize);
  }
}

/** Intent indexes per object type, in first-seen order. */
function byObjectType(intents: readonly FieldWriteIntent[]): Map<string, number[]> {
  const byObject = new Map<string, number[]>();
  intents.forEach((intent, index) => {
    const indexes = byObject.get(intent.objectType);
    if (indexes) indexes.push(index);
    else byObject.set(intent.objectType, [index]);
  });
  return byObject;
}
