import type { DestinationConnector, ScoreFieldSpec } from '../core/connectors/destination.ts';
import type { SourceConnector } from '../core/connectors/source.ts';
import type { CrmLimits } from '../core/limits/shared-limits.ts';
import type { Score } from '../core/schema/index.ts';
import type { SqlDatabase } from '../core/store/sql/sql-database.ts';
import type { ScorePublisher } from '../core/warehouse/scores-table.ts';
import { BigQueryScorePublisher, createBigQuerySource } from './bigquery/index.ts';
import type { ConnectorConfig } from './config-schema.ts';
import { FileSourceConnector } from './file/file-source.ts';
import { HubspotDestinationConnector } from './hubspot/destination/hubspot-destination.ts';
import {
  scoreFieldSpecs as hubspotScoreFieldSpecs,
  scoreFieldValues as hubspotScoreFieldValues,
} from './hubspot/destination/score-fields.ts';
import { HubspotSourceConnector } from './hubspot/source/hubspot-source.ts';
import { SalesforceDestinationConnector } from './salesforce/destination.ts';
import {
  objectsForEntity,
  salesforceFieldName,
  scoreFieldSpecs as salesforceScoreFieldSpecs,
  scoreFieldValues as salesforceScoreFieldValues,
} from './salesforce/score-fields.ts';
import { SalesforceSourceConnector } from './salesforce/source.ts';
import { createSnowflakePublisher, createSnowflakeSource } from './snowflake/index.ts';

export { type ConnectorConfig, connectorConfigSchema, isWarehouse } from './config-schema.ts';

export interface ConnectorDeps {
  /** Folder of the config file; relative paths in a connector's config resolve against it. */
  readonly configDir: string;
  /** CRM rate limits and daily quotas shared by every process (a Postgres store); per process when absent. */
  readonly sharedLimits?: CrmLimits;
  /**
   * The store's connection when the store is shared (Postgres): connectors keep state that several
   * workers must agree on (HubSpot's task log and last-written values) in it instead of local files.
   */
  readonly stateDatabase?: SqlDatabase;
}

function crmDeps(deps: ConnectorDeps): { sharedLimits?: CrmLimits } {
  return deps.sharedLimits ? { sharedLimits: deps.sharedLimits } : {};
}

export function createSourceConnector(
  name: string,
  config: ConnectorConfig,
  deps: ConnectorDeps,
): SourceConnector {
  switch (config.type) {
    case 'file':
      return new FileSourceConnector(name, config, deps);
    case 'hubspot':
      return new HubspotSourceConnector(name, config, crmDeps(deps));
    case 'salesforce':
      return new SalesforceSourceConnector(name, config, crmDeps(deps));
    case 'bigquery':
      // Without credentials only a loopback emulator is allowed (the client checks).
      return createBigQuerySource(name, config, { emulatorAuth: config.credentials === undefined });
    case 'snowflake':
      return createSnowflakeSource(name, config);
  }
}

/** The warehouse side of a connector: publishes score tables. Null for families that are not warehouses. */
export function createScorePublisher(name: string, config: ConnectorConfig): ScorePublisher | null {
  switch (config.type) {
    case 'bigquery':
      return new BigQueryScorePublisher(name, config, { emulatorAuth: config.credentials === undefined });
    case 'snowflake':
      return createSnowflakePublisher(name, config);
    default:
      return null;
  }
}

/**
 * The write side of a connector, for families that can take score write-back and tasks.
 * Returns null for read-only families (files), so callers can say which connector cannot be a target.
 */
export function createDestinationConnector(
  name: string,
  config: ConnectorConfig,
  deps: ConnectorDeps,
): DestinationConnector | null {
  switch (config.type) {
    case 'hubspot':
      return new HubspotDestinationConnector(name, config, {
        ...crmDeps(deps),
        ...(deps.stateDatabase ? { stateDatabase: deps.stateDatabase } : {}),
      });
    case 'salesforce':
      return new SalesforceDestinationConnector(name, config, crmDeps(deps));
    case 'file':
    case 'bigquery':
    case 'snowflake':
      return null;
  }
}

/** A scoring model as write-back sees it. */
export interface WriteBackModel {
  readonly name: string;
  readonly kind: 'lead' | 'churn' | 'ltv' | 'nba';
  readonly entity: 'contact' | 'account';
}

/**
 * How a family names and fills score fields: HubSpot properties are lower snake case in a
 * property group, Salesforce fields are `Title_Case__c` custom fields. Null for read-only families.
 */
export interface ScoreFieldMapping {
  fieldSpecs(model: WriteBackModel, tiers: readonly string[]): ScoreFieldSpec[];
  fieldValues(model: WriteBackModel, score: Score): Record<string, string | number | null>;
  /** Provider object types that hold entities of this kind (source refs name them). */
  objectTypes(entity: WriteBackModel['entity']): readonly string[];
  /** The provider's API name of a field a workflow writes ("churn_tier" -> "Churn_Tier__c" in Salesforce). */
  fieldName(name: string): string;
}

export function scoreFieldMapping(config: ConnectorConfig): ScoreFieldMapping | null {
  switch (config.type) {
    case 'file':
    case 'bigquery':
    case 'snowflake':
      return null;
    case 'hubspot':
      return {
        fieldSpecs: (model) => hubspotScoreFieldSpecs(model.name),
        fieldValues: (model, score) => hubspotScoreFieldValues(model.name, score),
        objectTypes: (entity) => (entity === 'contact' ? ['contacts'] : ['companies']),
        fieldName: (name) => name.toLowerCase(),
      };
    case 'salesforce':
      return {
        fieldSpecs: (model, tiers) => salesforceScoreFieldSpecs(model, tiers),
        fieldValues: (model, score) => salesforceScoreFieldValues(model, score),
        objectTypes: (entity) => objectsForEntity(entity),
        fieldName: (name) => salesforceFieldName(name),
      };
  }
}
