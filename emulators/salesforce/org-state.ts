import type { Clock } from '../../core/clock.ts';
import { ApiUsage } from './api-usage.ts';
import type { IngestJob } from './bulk-jobs.ts';
import type { QueryJob } from './bulk-query-jobs.ts';
import { standardObjects } from './catalog.ts';
import { derivedFields } from './derived.ts';
import { FaultPlan, type FaultRule } from './faults.ts';
import { picklist } from './field-defs.ts';
import { IdFactory } from './ids.ts';
import { QueryLocators } from './query-locators.ts';
import { type ConnectedApp, Sessions } from './sessions.ts';
import { EmulatorStats } from './stats.ts';
import { SObjectTable } from './table.ts';
import { type FieldValue, type Row, type SfRecordError, truncateToSecond } from './values.ts';

/** A validation rule: returns the error a record must fail with, or null. */
export type RecordValidator = (
  object: string,
  record: Row,
  operation: 'insert' | 'update',
) => SfRecordError | null;

export interface OrgStateOptions {
  readonly clock: Clock;
  readonly seed: number;
  readonly dailyRequests: number;
  readonly sessionTtlMs: number;
  readonly app: ConnectedApp;
  readonly refreshTokens: readonly string[];
  readonly canCreateFields: boolean;
  readonly fieldLevelSecurity: boolean;
  readonly managePermissionSets: boolean;
  readonly integrationSetAssigned: boolean;
  readonly bulkPollsToComplete: number;
  readonly queryPollsToComplete: number;
  readonly queryDefaultPageRecords: number;
  readonly multiCurrency?: boolean;
  readonly corporateCurrency?: string;
  readonly faults: readonly FaultRule[];
  readonly validate?: RecordValidator;
}

export const INTEGRATION_PERMISSION_SET = 'Scorebridge_Integration';

const CURRENCY_OBJECTS = new Set(['CurrencyType', 'DatedConversionRate']);
/** Objects whose records carry CurrencyIsoCode in a multi-currency org. */
const CURRENCY_RECORDS = new Set(['Account', 'Contact', 'Lead', 'Opportunity']);

/**
 * Everything the emulated org holds: records per object, sessions, the API allowance, query
 * cursors, bulk jobs, injected faults and request statistics. Routes read and change it; tests
 * reach in through `emulator.state` to set up scenarios (merges, deletes, mass updates).
 */
export class OrgState {
  readonly clock: Clock;
  readonly ids = new IdFactory();
  readonly orgId: string;
  readonly apiUserId: string;
  /**
   * A person in the org (an admin): seeded records and edits made "in Salesforce" (touch) carry
   * this user as LastModifiedById, API writes carry the API user, as on a real org ("System
   * Fields" in the Object Reference: LastModifiedById is the user who last changed the record).
   */
  readonly adminUserId: string;
  readonly integrationPermissionSetId: string;
  readonly usage: ApiUsage;
  readonly sessions: Sessions;
  readonly stats = new EmulatorStats();
  readonly faults: FaultPlan;
  readonly locators: QueryLocators;
  readonly jobs = new Map<string, IngestJob>();
  readonly queryJobs = new Map<string, QueryJob>();
  readonly permissions: {
    canCreateFields: boolean;
    fieldLevelSecurity: boolean;
    managePermissionSets: boolean;
  };
  readonly bulkPollsToComplete: number;
  readonly queryPollsToComplete: number;
  readonly queryDefaultPageRecords: number;
  /** The corporate currency of a multi-currency org; null when the org has one currency. */
  readonly corporateCurrency: string | null;
  /** Internal 10,000-record batches bulk ingest has used (DailyBulkApiBatches). */
  bulkBatchesUsed = 0;
  /** Bulk API 2.0 query jobs created (DailyBulkV2QueryJobs). */
  bulkQueryJobsCreated = 0;
  validate: RecordValidator | undefined;
  readonly #tables = new Map<string, SObjectTable>();
  readonly #byPrefix = new Map<string, SObjectTable>();

  constructor(options: OrgStateOptions) {
    this.clock = options.clock;
    this.corporateCurrency = options.multiCurrency ? (options.corporateCurrency ?? 'USD') : null;
    for (const def of standardObjects) {
      // CurrencyType and DatedConversionRate exist only once multi-currency is enabled (INVALID_TYPE before).
      if (!this.corporateCurrency && CURRENCY_OBJECTS.has(def.name)) continue;
      const table = new SObjectTable(def);
      if (this.corporateCurrency && CURRENCY_RECORDS.has(def.name))
        table.addField(picklist('CurrencyIsoCode', 'Currency ISO Code', [], { length: 3 }), false);
      this.#tables.set(def.name.toLowerCase(), table);
      this.#byPrefix.set(def.keyPrefix, table);
    }
    this.orgId = this.ids.next('00D');
    this.usage = new ApiUsage(options.dailyRequests, options.clock);
    this.sessions = new Sessions({
      app: options.app,
      clock: options.clock,
      ttlMs: options.sessionTtlMs,
      orgId: this.orgId,
      refreshTokens: [...options.refreshTokens],
    });
    this.faults = new FaultPlan(options.faults, options.seed);
    this.locators = new QueryLocators(this.ids, options.clock);
    this.permissions = {
      canCreateFields: options.canCreateFields,
      fieldLevelSecurity: options.fieldLevelSecurity,
      managePermissionSets: options.managePermissionSets,
    };
    this.bulkPollsToComplete = options.bulkPollsToComplete;
    this.queryPollsToComplete = options.queryPollsToComplete;
    this.queryDefaultPageRecords = options.queryDefaultPageRecords;
    this.validate = options.validate;
    const now = this.now();
    this.apiUserId = this.ids.next('005');
    this.load(
      'User',
      [
        {
          Id: this.apiUserId,
          Username: 'integration@scorebridge.example',
          FirstName: 'Integration',
          LastName: 'User',
          Name: 'Integration User',
          Email: 'integration@scorebridge.example',
          IsActive: true,
          Alias: 'integ',
        },
      ],
      now,
    );
    this.adminUserId = this.ids.next('005');
    this.load(
      'User',
      [
        {
          Id: this.adminUserId,
          Username: 'admin@acme-analytics.example',
          FirstName: 'Alex',
          LastName: 'Admin',
          Name: 'Alex Admin',
          Email: 'admin@acme-analytics.example',
          IsActive: true,
          Alias: 'aadmin',
        },
      ],
      now,
    );
    this.integrationPermissionSetId = this.ids.next('0PS');
    this.load(
      'PermissionSet',
      [
        {
          Id: this.integrationPermissionSetId,
          Name: INTEGRATION_PERMISSION_SET,
          Label: 'Scorebridge Integration',
          IsOwnedByProfile: false,
        },
      ],
      now,
    );
    // An admin set the integration user up: the permission set is assigned unless a test says otherwise.
    if (options.integrationSetAssigned)
      this.load(
        'PermissionSetAssignment',
        [{ AssigneeId: this.apiUserId, PermissionSetId: this.integrationPermissionSetId }],
        now,
      );
    if (this.corporateCurrency)
      this.load(
        'CurrencyType',
        [
          {
            IsoCode: this.corporateCurrency,
            ConversionRate: 1,
            DecimalPlaces: 2,
            IsActive: true,
            IsCorporate: true,
          },
        ],
        now,
      );
  }

  /** Current time as stamps are written: whole seconds, like a real org's audit fields. */
  now(): number {
    return truncateToSecond(this.clock.now().getTime());
  }

  table(name: string): SObjectTable | undefined {
    return this.#tables.get(name.toLowerCase());
  }

  requireTable(name: string): SObjectTable {
    const table = this.table(name);
    if (!table) throw new Error(`the emulated org has no ${name} object`);
    return table;
  }

  tables(): SObjectTable[] {
    return [...this.#tables.values()];
  }

  /** The record behind any id, whatever its object (by key prefix). */
  lookup(id: string): Row | undefined {
    return this.#byPrefix.get(id.slice(0, 3))?.get(id);
  }

  tableForId(id: string): SObjectTable | undefined {
    return this.#byPrefix.get(id.slice(0, 3));
  }

  /**
   * Stores trusted rows (seeding) without per-field validation: missing ids, audit fields and
   * derived fields are filled in. `stamp` is the SystemModstamp unless the row brings its own.
   */
  load(object: string, rows: readonly Record<string, FieldValue>[], stamp?: number): string[] {
    const table = this.requireTable(object);
    const now = stamp ?? this.now();
    const ids: string[] = [];
    for (const input of rows) {
      const id = typeof input.Id === 'string' ? input.Id : this.ids.next(table.keyPrefix);
      const created = typeof input.CreatedDate === 'number' ? input.CreatedDate : now;
      const modified = typeof input.SystemModstamp === 'number' ? input.SystemModstamp : now;
      const row: Record<string, FieldValue> = {
        IsDeleted: false,
        CreatedById: this.adminUserId ?? this.apiUserId,
        LastModifiedById: this.adminUserId ?? this.apiUserId,
        ...(table.anyField('OwnerId') ? { OwnerId: this.apiUserId } : {}),
        // A multi-currency org stamps new records with the creating user's currency (here the corporate one).
        ...(this.corporateCurrency && table.anyField('CurrencyIsoCode')
          ? { CurrencyIsoCode: this.corporateCurrency }
          : {}),
        ...input,
        Id: id,
        CreatedDate: truncateToSecond(created),
        LastModifiedDate: truncateToSecond(
          typeof input.LastModifiedDate === 'number' ? input.LastModifiedDate : modified,
        ),
        SystemModstamp: truncateToSecond(modified),
      };
      Object.assign(
        row,
        derivedFields(table.name, row, (other) => this.lookup(other)),
      );
      table.put(row);
      ids.push(id);
    }
    return ids;
  }

  /**
   * Replaces a row with changed values and fresh audit stamps, as any DML does on a real org
   * (even when no value changed, which is why write-back must skip unchanged records).
   */
  touch(
    object: string,
    id: string,
    changes: Record<string, FieldValue> = {},
    by: string = this.adminUserId,
  ): Row {
    const table = this.requireTable(object);
    const old = table.get(id);
    if (!old) throw new Error(`no ${object} with id ${id}`);
    const now = this.now();
    const row: Record<string, FieldValue> = {
      ...old,
      ...changes,
      LastModifiedDate: now,
      LastModifiedById: by,
      SystemModstamp: now,
    };
    Object.assign(
      row,
      derivedFields(table.name, row, (other) => this.lookup(other)),
    );
    table.put(row);
    return row;
  }

  addFaults(...rules: FaultRule[]): void {
    for (const rule of rules) this.faults.add(rule);
  }
}
