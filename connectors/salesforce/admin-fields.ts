import {
  type AdminFieldRow,
  adminFieldRow,
  objectsForEntity,
  type ScoredModel,
  scoreFieldSpecs,
  taskKeyFieldSpec,
} from './score-fields.ts';

/**
 * Every custom field scorebridge writes to in Salesforce, as an admin creates them: the score
 * fields of each enabled model on each object that holds its entity, and the Task key field
 * that makes task creation idempotent.
 */
export function salesforceFieldChecklist(
  models: readonly ScoredModel[],
  tiers: readonly string[],
  taskKeyField: string,
): AdminFieldRow[] {
  const rows: AdminFieldRow[] = [];
  for (const model of models) {
    for (const object of objectsForEntity(model.entity)) {
      for (const spec of scoreFieldSpecs(model, tiers)) rows.push(adminFieldRow(object, spec));
    }
  }
  const keySpec = taskKeyFieldSpec(taskKeyField);
  rows.push({
    object: 'Task',
    label: keySpec.label,
    apiName: taskKeyField,
    type: 'Text (External ID, Unique, case sensitive)',
    size: 'length 80',
    description: keySpec.description,
  });
  return rows;
}
