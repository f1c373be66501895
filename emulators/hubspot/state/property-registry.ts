import { ApiError, notFound, validationError } from '../errors.ts';
import { defaultGroupName, defaultProperties } from './default-properties.ts';
import { type ObjectType, objectTypes } from './object-types.ts';
import {
  allowedFieldTypes,
  type FieldType,
  fieldTypes,
  type PropertyDefinition,
  type PropertyGroup,
  type PropertyType,
  propertyTypes,
} from './property-types.ts';

export interface PropertyCreateInput {
  readonly name?: unknown;
  readonly label?: unknown;
  readonly type?: unknown;
  readonly fieldType?: unknown;
  readonly groupName?: unknown;
  readonly description?: unknown;
  readonly options?: unknown;
  readonly displayOrder?: unknown;
  readonly hasUniqueValue?: unknown;
  readonly hidden?: unknown;
  readonly formField?: unknown;
}

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Property and property-group definitions per object type, with HubSpot's validation rules. */
export class PropertyRegistry {
  readonly #properties = new Map<ObjectType, Map<string, PropertyDefinition>>();
  readonly #groups = new Map<ObjectType, Map<string, PropertyGroup>>();

  constructor(now: number) {
    for (const type of objectTypes) {
      this.#properties.set(type, new Map(defaultProperties(type, now).map((p) => [p.name, p])));
      const name = defaultGroupName[type];
      this.#groups.set(
        type,
        new Map([[name, { name, label: `${type} information`, displayOrder: 0, archived: false }]]),
      );
    }
  }

  get(type: ObjectType, name: string): PropertyDefinition | undefined {
    const property = this.#properties.get(type)!.get(name);
    return property && !property.archived ? property : undefined;
  }

  list(type: ObjectType, archived = false): PropertyDefinition[] {
    return [...this.#properties.get(type)!.values()].filter((p) => p.archived === archived);
  }

  uniqueNames(type: ObjectType): string[] {
    return this.list(type)
      .filter((p) => p.hasUniqueValue)
      .map((p) => p.name);
  }

  create(type: ObjectType, input: PropertyCreateInput, now: number): PropertyDefinition {
    const name = requireString(input.name, 'name');
    if (!NAME_PATTERN.test(name) || name.length > 100) {
      throw validationError(
        `Property name "${name}" is invalid: use lower-case letters, digits and underscores, starting with a letter.`,
      );
    }
    const existing = this.#properties.get(type)!.get(name);
    if (existing && !existing.archived) {
      throw new ApiError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`);
    }
    const propertyType = requireEnum(input.type, propertyTypes, 'type') as PropertyType;
    const fieldType = requireEnum(input.fieldType, fieldTypes, 'fieldType') as FieldType;
    if (!allowedFieldTypes[propertyType].includes(fieldType)) {
      throw validationError(
        `fieldType "${fieldType}" is not valid for type "${propertyType}"; use one of ${allowedFieldTypes[propertyType].join(', ')}.`,
      );
    }
    const groupName = requireString(input.groupName, 'groupName');
    if (!this.#groups.get(type)!.get(groupName)) {
      throw validationError(`Property group "${groupName}" does not exist for ${type}.`);
    }
    const options = parseOptions(input.options);
    if (propertyType === 'enumeration' && options.length === 0) {
      throw validationError('Enumeration properties need at least one option.');
    }
    const property: PropertyDefinition = {
      name,
      label: requireString(input.label, 'label'),
      type: propertyType,
      fieldType,
      groupName,
      description: typeof input.description === 'string' ? input.description : '',
      options,
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      hasUniqueValue: input.hasUniqueValue === true,
      hidden: input.hidden === true,
      formField: input.formField === true,
      readOnlyValue: false,
      hubspotDefined: false,
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
    this.#properties.get(type)!.set(name, property);
    return property;
  }

  update(type: ObjectType, name: string, input: PropertyCreateInput, now: number): PropertyDefinition {
    const property = this.get(type, name);
    if (!property) throw notFound(`Property ${name} does not exist`);
    if (typeof input.label === 'string') property.label = input.label;
    if (typeof input.description === 'string') property.description = input.description;
    if (typeof input.groupName === 'string') property.groupName = input.groupName;
    if (input.options !== undefined) property.options = parseOptions(input.options);
    property.updatedAt = now;
    return property;
  }

  archive(type: ObjectType, name: string): void {
    const property = this.get(type, name);
    if (!property) throw notFound(`Property ${name} does not exist`);
    if (property.hubspotDefined)
      throw validationError(`Property ${name} is HubSpot-defined and cannot be archived.`);
    property.archived = true;
  }

  groups(type: ObjectType): PropertyGroup[] {
    return [...this.#groups.get(type)!.values()].filter((g) => !g.archived);
  }

  group(type: ObjectType, name: string): PropertyGroup {
    const group = this.#groups.get(type)!.get(name);
    if (!group || group.archived) throw notFound(`Property group ${name} does not exist`);
    return group;
  }

  createGroup(
    type: ObjectType,
    input: { name?: unknown; label?: unknown; displayOrder?: unknown },
  ): PropertyGroup {
    const name = requireString(input.name, 'name');
    if (!NAME_PATTERN.test(name)) throw validationError(`Group name "${name}" is invalid.`);
    const existing = this.#groups.get(type)!.get(name);
    if (existing && !existing.archived) {
      throw new ApiError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${name}' already exists.`);
    }
    const group = {
      name,
      label: requireString(input.label, 'label'),
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      archived: false,
    };
    this.#groups.get(type)!.set(name, group);
    return group;
  }

  archiveGroup(type: ObjectType, name: string): void {
    this.group(type, name).archived = true;
  }
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw validationError(`${field} is required and must be a non-empty string.`);
  return value;
}

function requireEnum(value: unknown, allowed: readonly string[], field: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw validationError(`${field} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function parseOptions(value: unknown): PropertyDefinition['options'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError('options must be an array of {label, value}.');
  return value.map((option: unknown, index) => {
    const record = (option ?? {}) as Record<string, unknown>;
    return {
      label: requireString(record.label, `options[${index}].label`),
      value: requireString(record.value, `options[${index}].value`),
      displayOrder: typeof record.displayOrder === 'number' ? record.displayOrder : index,
      hidden: record.hidden === true,
      ...(typeof record.description === 'string' ? { description: record.description } : {}),
    };
  });
}
