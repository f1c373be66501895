import {
  ConnectorError,
  type DestinationConnector,
  type FieldPreview,
  type FieldWriteIntent,
  type ScoreFieldSpec,
  type TaskIntent,
  type WriteFieldsOptions,
  type WriteResult,
} from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import { apiFromConfig } from '../api/from-config.ts';
import type { HubspotConnectorConfig } from '../config.ts';
import { type HubspotDeps, resolveDeps } from '../deps.ts';
import { createTasks, TASK_KEY_PROPERTY } from './create-tasks.ts';
import { ensureProperties, type PropertyGroupSpec } from './ensure-fields.ts';
import { PropertyDefinitions } from './property-rules.ts';
import { hubspotObjectType, previewFields, writeFields } from './write-fields.ts';
import { MemoryWrittenValues, SqliteWrittenValues, type WrittenValues } from './written-values.ts';

export interface HubspotDestinationDeps extends HubspotDeps {
  /** Where last-written values are kept; default: config `writeBack.stateFile`, else memory. */
  readonly writtenValues?: WrittenValues;
}

/**
 * HubSpot as a write-back target: score properties in their own property group, batch updates
 * that send only changed values, and follow-up tasks on the record's owner.
 */
export class HubspotDestinationConnector implements DestinationConnector {
  readonly name: string;
  readonly api: HubspotApi;
  readonly #group: PropertyGroupSpec;
  readonly #written: WrittenValues;
  readonly #clock;
  readonly #definitions: PropertyDefinitions;
  #taskKeyReady: Promise<boolean> | null = null;
  #taskKeyRefused = false;

  constructor(name: string, config: HubspotConnectorConfig, deps: HubspotDestinationDeps = {}) {
    this.name = name;
    const resolved = resolveDeps(deps);
    this.#clock = resolved.clock;
    this.api = apiFromConfig(config, resolved);
    this.#definitions = new PropertyDefinitions(this.api, this.#clock);
    this.#group = {
      name: config.writeBack?.propertyGroup ?? 'scorebridge',
      label: config.writeBack?.groupLabel ?? 'Scorebridge',
    };
    this.#written =
      deps.writtenValues ??
      (config.writeBack?.stateFile
        ? new SqliteWrittenValues(config.writeBack.stateFile)
        : new MemoryWrittenValues());
  }

  ensureScoreFields(
    objectType: string,
    fields: readonly ScoreFieldSpec[],
  ): Promise<{ created: string[]; existing: string[] }> {
    const type = hubspotObjectType(objectType);
    this.#definitions.forget(type);
    return ensureProperties(this.api, type, this.#group, fields, (rules) =>
      this.#definitions.remember(type, rules),
    );
  }

  writeFields(
    intents: readonly FieldWriteIntent[],
    options: WriteFieldsOptions = {},
  ): Promise<WriteResult[]> {
    return writeFields(
      this.api,
      this.#written,
      intents,
      () => this.#clock.now().toISOString(),
      this.#definitions,
      options.verify ?? false,
    );
  }

  previewFields(
    intents: readonly FieldWriteIntent[],
    options: WriteFieldsOptions = {},
  ): Promise<FieldPreview[]> {
    return previewFields(this.api, this.#written, intents, options.verify ?? false, this.#definitions);
  }

  /**
   * Tasks carry their key in a property and are searched for before creation, so creating one again
   * finds the first; false once this portal refused the property (tasks are then made without it).
   */
  get tasksIdempotentByKey(): boolean {
    return !this.#taskKeyRefused;
  }

  async createTasks(intents: readonly TaskIntent[]): Promise<WriteResult[]> {
    return createTasks(this.api, intents, await this.#ensureTaskKey());
  }

  async close(): Promise<void> {
    this.#written.close();
  }

  /**
   * The task property that carries idempotency keys. A portal that refuses it (missing schema
   * scope) still gets its tasks, without replay protection.
   */
  #ensureTaskKey(): Promise<boolean> {
    this.#taskKeyReady ??= ensureProperties(this.api, 'tasks', this.#group, [
      {
        name: TASK_KEY_PROPERTY,
        label: 'Scorebridge task key',
        type: 'text',
        description: 'Idempotency key of the scorebridge action that created this task.',
      },
    ]).then(
      () => true,
      (error: unknown) => {
        this.#taskKeyReady = null;
        if (error instanceof ConnectorError && (error.kind === 'invalid' || error.kind === 'permanent')) {
          this.#taskKeyRefused = true;
          return false;
        }
        throw error;
      },
    );
    return this.#taskKeyReady;
  }
}
