import { salesforceFieldChecklist } from '../admin-fields.ts';
import type { SalesforceConnectorConfig } from '../config.ts';
import type { ScoredModel } from '../score-fields.ts';
import { salesforceStreamNames, streamSpecs } from '../streams.ts';

export interface NeededField {
  readonly object: string;
  readonly field: string;
  /** Why: "the contacts stream", "connectors.sf.streams.contacts.fields.role", "lead_score write-back". */
  readonly why: string;
  /** Written by scorebridge (score fields, the Task key): must also be updateable. */
  readonly written: boolean;
}

/**
 * Every field a Salesforce connector needs the API user to see (and, for the ones scorebridge
 * writes, to edit): the fields each enabled stream's mapping requires, the fields and properties
 * the config names, and the score fields write-back writes, from the config alone.
 */
export function salesforceNeeds(
  name: string,
  config: SalesforceConnectorConfig,
  models: readonly ScoredModel[],
  tiers: readonly string[],
): NeededField[] {
  const needed: NeededField[] = [];
  for (const stream of salesforceStreamNames) {
    const settings = config.streams[stream];
    if (!settings.enabled) continue;
    const spec = streamSpecs[stream];
    for (const field of spec.required)
      needed.push({ object: spec.object, field, why: `the ${stream} stream`, written: false });
    for (const [canonical, field] of Object.entries(settings.fields ?? {}))
      if (field)
        needed.push({
          object: spec.object,
          field,
          why: `connectors.${name}.streams.${stream}.fields.${canonical}`,
          written: false,
        });
    (settings.properties ?? []).forEach((field, index) => {
      needed.push({
        object: spec.object,
        field,
        why: `connectors.${name}.streams.${stream}.properties[${index}]`,
        written: false,
      });
    });
  }
  if (models.length > 0)
    for (const row of salesforceFieldChecklist(models, tiers, config.writeBack.taskKeyField))
      needed.push({
        object: row.object,
        field: row.apiName,
        why: row.object === 'Task' ? 'task creation' : 'score write-back',
        written: true,
      });
  return needed;
}
