import type { SourceRef } from '../../../core/schema/index.ts';
import type { LoadedConfig } from '../../config/index.ts';

/** Where one record lives in a CRM, as a link a person can open (or why it cannot be one). */
export interface CrmLink {
  readonly product: 'HubSpot' | 'Salesforce';
  readonly label: string;
  readonly url: string | null;
  /** Why there is no link, e.g. the HubSpot account id is not configured. */
  readonly note?: string;
}

// HubSpot's object type ids in record URLs: contacts 0-1, companies 0-2, deals 0-3.
const HUBSPOT_OBJECT_IDS: Readonly<Record<string, string>> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
};
const HUBSPOT_NOUNS: Readonly<Record<string, string>> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
};

const SOURCE_KINDS: Readonly<Record<string, string>> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
  file: 'CSV/JSONL files',
};

/** Builds record links the way HubSpot and Salesforce themselves link to a record. */
export class CrmLinks {
  readonly #connectors: LoadedConfig['config']['connectors'];

  constructor(loaded: LoadedConfig) {
    this.#connectors = loaded.config.connectors;
  }

  link(ref: SourceRef): CrmLink | null {
    const connector = this.#connectors[ref.system];
    if (!connector) return null;
    if (connector.type === 'hubspot') {
      const objectId = HUBSPOT_OBJECT_IDS[ref.objectType];
      if (!objectId) return null;
      const label = `Open the ${HUBSPOT_NOUNS[ref.objectType]} in HubSpot`;
      if (connector.portalId === undefined)
        return {
          product: 'HubSpot',
          label,
          url: null,
          note: `set connectors.${ref.system}.portalId (your Hub ID) to link records`,
        };
      const app = (connector.appUrl ?? 'https://app.hubspot.com').replace(/\/+$/, '');
      return {
        product: 'HubSpot',
        label,
        url: `${app}/contacts/${connector.portalId}/record/${objectId}/${encodeURIComponent(ref.externalId)}`,
      };
    }
    if (connector.type === 'salesforce') {
      const base = connector.instanceUrl.replace(/\/+$/, '');
      return {
        product: 'Salesforce',
        label: `Open the ${ref.objectType === 'Lead' ? 'lead' : ref.objectType.toLowerCase()} in Salesforce`,
        url: `${base}/lightning/r/${encodeURIComponent(ref.objectType)}/${encodeURIComponent(ref.externalId)}/view`,
      };
    }
    return null;
  }

  /** A connector as people know it: "Demo files (CSV/JSONL files)" for the `demo_files` connector. */
  sourceName(system: string): string {
    const connector = this.#connectors[system];
    const words = system.replace(/[_-]+/g, ' ').trim();
    const name = words.charAt(0).toUpperCase() + words.slice(1);
    const kind = connector ? SOURCE_KINDS[connector.type] : undefined;
    return kind && !name.toLowerCase().includes(kind.toLowerCase()) ? `${name} (${kind})` : name;
  }

  links(refs: readonly SourceRef[]): CrmLink[] {
    return refs.flatMap((ref) => {
      const link = this.link(ref);
      return link ? [link] : [];
    });
  }
}
