import type { HubspotConnectorConfig } from '../config.ts';
import { hubspotEngagementTypes, hubspotStreamNames } from '../config.ts';
import { scoreFieldSpecs } from '../destination/score-fields.ts';
import { buildManifest } from '../manifest.ts';

/** A scorebridge model as the check sees it: which records its scores are written to. */
export interface CheckedModel {
  readonly name: string;
  readonly entity: 'contact' | 'account';
}

export interface NeededScope {
  readonly scope: string;
  /** Why scorebridge needs it, in plain words. */
  readonly why: string;
}

export interface NeededProperty {
  readonly objectType: 'contacts' | 'companies' | 'deals';
  readonly name: string;
  /** A scorebridge score property: write-back creates it when missing (with the schema scope). */
  readonly score: boolean;
  /** Where the config names it, when it is the user's choice rather than a standard property. */
  readonly configPath?: string;
}

export interface HubspotNeeds {
  readonly scopes: readonly NeededScope[];
  readonly properties: readonly NeededProperty[];
}

/**
 * Everything a HubSpot connector needs from the portal, from its config alone: the private app's
 * scopes (named as in HubSpot's scopes reference) for the streams it reads and the records it
 * writes scores to, and the properties the mappings read and write-back writes.
 */
export function hubspotNeeds(
  name: string,
  config: HubspotConnectorConfig,
  models: readonly CheckedModel[],
): HubspotNeeds {
  const scopes = new Map<string, string>();
  const need = (scope: string, why: string) => {
    if (!scopes.has(scope)) scopes.set(scope, why);
  };
  const streams = config.streams ?? hubspotStreamNames;
  if (streams.includes('contacts')) need('crm.objects.contacts.read', 'sync reads contacts');
  if (streams.includes('companies')) need('crm.objects.companies.read', 'sync reads companies');
  if (streams.includes('deals')) need('crm.objects.deals.read', 'sync reads deals');
  if (streams.includes('engagements')) {
    const types = config.engagementTypes ?? hubspotEngagementTypes;
    if (types.includes('emails')) need('sales-email-read', 'sync reads e-mail engagements');
    if (types.some((type) => type !== 'emails'))
      need('crm.objects.contacts.read', 'sync reads calls, meetings, notes and tasks');
  }
  const configured = new Map<string, string>();
  for (const [field, property] of Object.entries(config.accountFields ?? {}))
    if (property) configured.set(`companies/${property}`, `connectors.${name}.accountFields.${field}`);
  for (const [objectType, names] of Object.entries(config.properties ?? {}))
    (names ?? []).forEach((property, index) => {
      configured.set(`${objectType}/${property}`, `connectors.${name}.properties.${objectType}[${index}]`);
    });
  const properties: NeededProperty[] = [];
  for (const stream of buildManifest(name, config)) {
    if (!streams.includes(stream.name)) continue;
    for (const object of stream.objects) {
      const objectType = object.objectType;
      if (objectType !== 'contacts' && objectType !== 'companies' && objectType !== 'deals') continue;
      for (const property of new Set(object.properties)) {
        const configPath = configured.get(`${objectType}/${property}`);
        properties.push({ objectType, name: property, score: false, ...(configPath ? { configPath } : {}) });
      }
    }
  }
  for (const model of models) {
    const objectType = model.entity === 'contact' ? 'contacts' : 'companies';
    need(`crm.objects.${objectType}.write`, `write-back puts ${model.name} scores on ${objectType}`);
    need(`crm.schemas.${objectType}.write`, `write-back creates the ${model.name} score properties`);
    for (const spec of scoreFieldSpecs(model.name))
      properties.push({ objectType, name: spec.name, score: true });
  }
  return { scopes: [...scopes].map(([scope, why]) => ({ scope, why })), properties };
}
