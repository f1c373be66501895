import { validationError } from '../errors.ts';
import type { ObjectType } from './object-types.ts';
import type { PropertyRegistry } from './property-registry.ts';
import { normalizeValue } from './property-values.ts';

export interface InvalidValue {
  readonly name: string;
  readonly error: string;
  readonly message: string;
}

export interface WriteCheck {
  readonly values: Record<string, string>;
  readonly invalid: readonly InvalidValue[];
}

/**
 * Checks the `properties` of one write. Unknown or read-only properties fail the whole call with
 * HubSpot's "Property values were not valid" 400; a bad value only fails its own record.
 */
export function checkWrite(registry: PropertyRegistry, type: ObjectType, properties: unknown): WriteCheck {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw validationError('properties must be an object of property name -> string value.');
  }
  const problems: Record<string, unknown>[] = [];
  const values: Record<string, string> = {};
  const invalid: InvalidValue[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const property = registry.get(type, name);
    if (!property) {
      problems.push(problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`));
      continue;
    }
    if (property.readOnlyValue) {
      problems.push(
        problem(name, 'READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`),
      );
      continue;
    }
    const checked = normalizeValue(property, raw);
    if (checked.ok) values[name] = checked.value;
    else invalid.push({ name, error: checked.error, message: checked.message });
  }
  if (problems.length > 0) {
    throw validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
      errors: problems.map((p) => ({
        message: p.message,
        code: p.error,
        context: { propertyName: [p.name] },
      })),
    });
  }
  return { values, invalid };
}

function problem(name: string, error: string, message: string): Record<string, unknown> {
  return { isValid: false, message, error, name, localizedErrorMessage: message };
}

/** Values HubSpot calculates from others on every write. */
export function derivedValues(type: ObjectType, properties: Record<string, string>): Record<string, string> {
  if (type !== 'deals' || properties.dealstage === undefined) return {};
  const stage = properties.dealstage.toLowerCase();
  return {
    hs_is_closed: String(stage === 'closedwon' || stage === 'closedlost'),
    hs_is_closed_won: String(stage === 'closedwon'),
  };
}
