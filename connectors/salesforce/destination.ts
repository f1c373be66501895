import { type Clock, systemClock } from '../../core/clock.ts';
import {
  ConnectorError,
  type DestinationConnector,
  type FieldWriteIntent,
  type ScoreFieldSpec,
  type TaskIntent,
  type WriteResult,
} from '../../core/connectors/destination.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { writeWithBulk } from './bulk-write.ts';
import { SalesforceClient } from './client.ts';
import { writeWithCollections } from './collections-write.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { readCurrentValues } from './current-values.ts';
import { classifySalesforceError } from './errors.ts';
import { ensureFields, type FieldSetupResult } from './field-setup.ts';
import type { OrgLimits } from './org-limits.ts';
import { taskKeyFieldDefinition } from './score-fields.ts';
import { upsertTasks } from './tasks.ts';
import { type FieldMeta, intentProblem, planWrites } from './write-plan.ts';
import { resultForCallError } from './write-results.ts';

export interface SalesforceDestinationDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly limits?: OrgLimits;
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
    });
  }

  get lastWrite(): WriteSummary {
    return this.#lastWrite;
  }

  ensureScoreFields(objectType: string, fields: readonly ScoreFieldSpec[]): Promise<FieldSetupResult> {
    return ensureFields(this.client, this.#config, this.name, objectType, fields);
  }

  async writeFields(intents: readonly FieldWriteIntent[]): Promise<WriteResult[]> {
    const results: WriteResult[] = new Array(intents.length);
    const keyOf = (index: number) => intents[index]!.idempotencyKey;
    const byObject = new Map<string, number[]>();
    intents.forEach((intent, index) => {
      const indexes = byObject.get(intent.objectType);
      if (indexes) indexes.push(index);
      else byObject.set(intent.objectType, [index]);
    });
    const summary = { unchanged: 0, viaCollections: 0, viaBulk: 0 };

    for (const [objectType, indexes] of byObject) {
      try {
        const fields = new Map<string, FieldMeta>(
          (await this.client.describeFields(objectType)).map((field) => [field.name.toLowerCase(), field]),
        );
        const valid = indexes.filter((index) => {
          const problem = intentProblem(intents[index]!, fields);
          if (problem)
            results[index] = {
              idempotencyKey: keyOf(index),
              status: 'failed',
              kind: 'invalid',
              error: problem,
            };
          return !problem;
        });
        if (valid.length === 0) continue;
        const fieldNames = [...new Set(valid.flatMap((index) => Object.keys(intents[index]!.fields)))].map(
          (name) => fields.get(name.toLowerCase())!.name,
        );
        const recordIds = [...new Set(valid.map((index) => intents[index]!.recordId))];
        const current = await readCurrentValues(this.client, objectType, recordIds, fieldNames);
        const writes = planWrites(intents, valid, fields, current, results);
        summary.unchanged += valid.filter((index) => {
          const result = results[index];
          return result?.status === 'ok' && result.skipped === 'unchanged';
        }).length;
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
      } catch (error) {
        const classified = classifySalesforceError(error, `write ${objectType}`);
        for (const index of indexes) results[index] ??= resultForCallError(keyOf(index), classified);
      }
    }
    this.#lastWrite = summary;
    return results;
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
