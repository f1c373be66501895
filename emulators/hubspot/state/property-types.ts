/** Property definitions as the properties API publishes them. */
export const propertyTypes = [
  'bool',
  'date',
  'datetime',
  'enumeration',
  'number',
  'phone_number',
  'string',
] as const;
export type PropertyType = (typeof propertyTypes)[number];

export const fieldTypes = [
  'booleancheckbox',
  'calculation_equation',
  'checkbox',
  'date',
  'file',
  'html',
  'number',
  'phonenumber',
  'radio',
  'select',
  'text',
  'textarea',
] as const;
export type FieldType = (typeof fieldTypes)[number];

/** Which field types HubSpot accepts for each property type ("Property type and fieldType values"). */
export const allowedFieldTypes: Readonly<Record<PropertyType, readonly FieldType[]>> = {
  bool: ['booleancheckbox', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['booleancheckbox', 'checkbox', 'radio', 'select', 'calculation_equation'],
  number: ['number', 'calculation_equation'],
  phone_number: ['phonenumber'],
  string: ['file', 'text', 'textarea', 'calculation_equation', 'html', 'phonenumber'],
};

export interface PropertyOption {
  readonly label: string;
  readonly value: string;
  readonly displayOrder: number;
  readonly hidden: boolean;
  readonly description?: string;
}

export interface PropertyDefinition {
  readonly name: string;
  label: string;
  readonly type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  readonly hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  /** HubSpot-calculated values (create date, object id, merge trail) cannot be written through the API. */
  readonly readOnlyValue: boolean;
  readonly hubspotDefined: boolean;
  readonly createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface PropertyGroup {
  readonly name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** The JSON shape of a property in API responses. */
export function propertyJson(property: PropertyDefinition): Record<string, unknown> {
  return {
    name: property.name,
    label: property.label,
    type: property.type,
    fieldType: property.fieldType,
    description: property.description,
    groupName: property.groupName,
    options: property.options,
    displayOrder: property.displayOrder,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: property.hasUniqueValue,
    hidden: property.hidden,
    formField: property.formField,
    hubspotDefined: property.hubspotDefined,
    modificationMetadata: {
      archivable: !property.hubspotDefined,
      readOnlyDefinition: property.hubspotDefined,
      readOnlyValue: property.readOnlyValue,
    },
    createdAt: new Date(property.createdAt).toISOString(),
    updatedAt: new Date(property.updatedAt).toISOString(),
    archived: property.archived,
  };
}

export function groupJson(group: PropertyGroup): Record<string, unknown> {
  return { name: group.name, label: group.label, displayOrder: group.displayOrder, archived: group.archived };
}
