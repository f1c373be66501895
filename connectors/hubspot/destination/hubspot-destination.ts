import type {
  DestinationConnector,
  FieldPreview,
  FieldWriteIntent,
  ScoreFieldSpec,
  TaskIntent,
  WriteFieldsOptions,
  WriteResult,
} from '../../../core/connectors/destination.ts';
import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import type { HubspotApi } from '../api/client.ts';
import { apiFromConfig } from '../api/from-config.ts';
import type { HubspotConnectorConfig } from '../config.ts';
import { type HubspotDeps, resolveDeps } from '../deps.ts';
import { createTasks } from './create-tasks.ts';
import { ensureProperties, type PropertyGroupSpec } from './ensure-fields.ts';
import { PropertyDefinitions } from './property-rules.ts';
import { StoreTaskKeyLog, StoreWrittenValues } from './store-state.ts';
import { ensureTaskKeyProperty, type TaskKeyMode } from './task-key-property.ts';
import { MemoryTaskKeyLog, SqliteTaskKeyLog, type TaskKeyLog } from './task-keys.ts';
import { hubspotObjectType, previewFields, writeFields } from './write-fields.ts';
import { MemoryWrittenValues, SqliteWrittenValues, type WrittenValues } from './written-values.ts';

export interface HubspotDestinationDeps extends HubspotDeps {
  /** Where last-written values are kept; default: config `writeBack.stateFile`, else memory. */
  readonly writtenValues?: WrittenValues;
  /** Where task creations are recorded; default: config `writeBack.stateFile`, else memory. */
  readonly taskKeys?: TaskKeyLog;
  /**
   * The shared store's connection (a Postgres store): both records above are kept there, keyed by
   * connector name, so every worker on every host sees the same ones. Wins over `stateFile`.
   */
  readonly stateDatabase?: SqlDatabase;
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
  readonly #taskKeys: TaskKeyLog;
  readonly #clock;
  readonly #definitions: PropertyDefinitions;
  #taskKeyMode: Promise<TaskKeyMode> | null = null;
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
    const shared = deps.stateDatabase;
    this.#written =
      deps.writtenValues ??
      (shared ? new StoreWrittenValues(shared, name) : undefined) ??
      (config.writeBack?.stateFile
        ? new SqliteWrittenValues(config.writeBack.stateFile)
        : new MemoryWrittenValues());
    this.#taskKeys =
      deps.taskKeys ??
      (shared ? new StoreTaskKeyLog(shared, name) : undefined) ??
      (config.writeBack?.stateFile
        ? new SqliteTaskKeyLog(config.writeBack.stateFile)
        : new MemoryTaskKeyLog());
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
   * Tasks carry their key in a property and are looked up by it before creation, so creating one
   * again finds the first; false once this portal refused the property (tasks are then made without it).
   */
  get tasksIdempotentByKey(): boolean {
    return !this.#taskKeyRefused;
  }

  async createTasks(intents: readonly TaskIntent[]): Promise<WriteResult[]> {
    const mode = await this.#ensureTaskKey();
    return createTasks(this.api, intents, {
      mode,
      log: this.#taskKeys,
      now: () => this.#clock.now().getTime(),
    });
  }

  async close(): Promise<void> {
    this.#written.close();
    this.#taskKeys.close();
  }

  /** The task property that carries idempotency keys, found or created once per connector. */
  #ensureTaskKey(): Promise<TaskKeyMode> {
    this.#taskKeyMode ??= ensureTaskKeyProperty(this.api, this.#group).then(
      (mode) => {
        this.#taskKeyRefused = mode === 'none';
        return mode;
      },
      (error: unknown) => {
        this.#taskKeyMode = null;
        throw error;
      },
    );
    return this.#taskKeyMode;
  }
}
