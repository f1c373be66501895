import { ConnectorError } from '../../../core/connectors/destination.ts';
import type { HubspotApi } from '../api/client.ts';
import type { PropertyDefinitionInput } from '../api/types.ts';
import { ensureGroup, type PropertyGroupSpec } from './ensure-fields.ts';

export const TASK_KEY_PROPERTY = 'scorebridge_task_key';

/**
 * How tasks already made are found again by their idempotency key:
 * - `unique`: the key property holds unique values, so tasks are read by it (batch read with
 *   `idProperty`), which is as fresh as a read by id, and HubSpot itself refuses a second task
 *   with the same key;
 * - `search`: the property allows duplicates (made by an older scorebridge, or HubSpot refused a
 *   unique one), so tasks are searched for, and the local attempt log covers the search index lag;
 * - `none`: the portal refused the property (no schema scope); tasks are made without replay
 *   protection.
 */
export type TaskKeyMode = 'unique' | 'search' | 'none';

const definition = (groupName: string, hasUniqueValue: boolean): PropertyDefinitionInput => ({
  name: TASK_KEY_PROPERTY,
  label: 'Scorebridge task key',
  type: 'string',
  fieldType: 'text',
  groupName,
  description: 'Idempotency key of the scorebridge action that created this task.',
  hasUniqueValue,
});

const refused = (error: unknown): boolean =>
  error instanceof ConnectorError && (error.kind === 'invalid' || error.kind === 'permanent');

/** Finds or creates the task key property, preferring a unique-value one. */
export async function ensureTaskKeyProperty(api: HubspotApi, group: PropertyGroupSpec): Promise<TaskKeyMode> {
  try {
    await ensureGroup(api, 'tasks', group);
    const existing = await api.propertyDefinition('tasks', TASK_KEY_PROPERTY);
    if (existing) return existing.hasUniqueValue ? 'unique' : 'search';
  } catch (error) {
    if (refused(error)) return 'none';
    throw error;
  }
  for (const unique of [true, false]) {
    try {
      const response = await api.createProperties('tasks', [definition(group.name, unique)]);
      if (response.created.includes(TASK_KEY_PROPERTY)) return unique ? 'unique' : 'search';
      // Someone created it at the same moment: use what is there.
      const taken = response.errors.some(
        (e) => e.category === 'OBJECT_ALREADY_EXISTS' || e.category === 'CONFLICT',
      );
      if (taken) {
        const now = await api.propertyDefinition('tasks', TASK_KEY_PROPERTY);
        if (now) return now.hasUniqueValue ? 'unique' : 'search';
      }
    } catch (error) {
      // A portal may refuse a unique-value property (HubSpot allows ten per object): try a plain one.
      if (!refused(error)) throw error;
    }
  }
  return 'none';
}
