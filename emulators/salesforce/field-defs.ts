/** Field metadata as describe reports it, and the builders the object catalog is written with. */

export type SfFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: SfFieldType;
  readonly custom: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly nillable: boolean;
  /** Required on create (not nillable and no default). */
  readonly required: boolean;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly referenceTo: readonly string[];
  readonly picklistValues: readonly string[];
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly description: string | null;
  /**
   * A formula or roll-up summary field: Salesforce maintains its value, and a roll-up
   * recalculation moves SystemModstamp without a new LastModifiedById (Object Reference, "System
   * Fields"). describe says `calculated: true`.
   */
  readonly calculated?: boolean;
}

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

export function field(name: string, label: string, type: SfFieldType, options: FieldOptions = {}): FieldDef {
  return {
    name,
    label,
    type,
    custom: name.endsWith('__c'),
    createable: true,
    updateable: true,
    nillable: true,
    required: false,
    length: type === 'string' || type === 'email' || type === 'phone' || type === 'url' ? 255 : 0,
    precision: 0,
    scale: 0,
    referenceTo: [],
    picklistValues: [],
    externalId: false,
    unique: false,
    description: null,
    ...options,
  };
}

export const text = (name: string, label: string, length = 255, options: FieldOptions = {}) =>
  field(name, label, 'string', { length, ...options });
export const required = (def: FieldDef): FieldDef => ({ ...def, nillable: false, required: true });
export const readOnly = (def: FieldDef): FieldDef => ({ ...def, createable: false, updateable: false });
export const reference = (name: string, label: string, to: string[], options: FieldOptions = {}) =>
  field(name, label, 'reference', { length: 18, referenceTo: to, ...options });
export const picklist = (name: string, label: string, values: string[], options: FieldOptions = {}) =>
  field(name, label, 'picklist', { length: 255, picklistValues: values, ...options });
export const checkbox = (name: string, label: string, options: FieldOptions = {}) =>
  field(name, label, 'boolean', { nillable: false, ...options });
export const number = (
  name: string,
  label: string,
  precision: number,
  scale: number,
  options: FieldOptions = {},
) => field(name, label, 'double', { precision, scale, ...options });

/** Audit and lifecycle fields every object in this emulator carries. */
export function systemFields(): FieldDef[] {
  return [
    readOnly(field('Id', 'Record ID', 'id', { length: 18, nillable: false })),
    readOnly(checkbox('IsDeleted', 'Deleted')),
    readOnly(field('CreatedDate', 'Created Date', 'datetime', { nillable: false })),
    readOnly(reference('CreatedById', 'Created By ID', ['User'], { nillable: false })),
    readOnly(field('LastModifiedDate', 'Last Modified Date', 'datetime', { nillable: false })),
    readOnly(reference('LastModifiedById', 'Last Modified By ID', ['User'], { nillable: false })),
    readOnly(field('SystemModstamp', 'System Modstamp', 'datetime', { nillable: false })),
  ];
}

/** The JSON `describe` returns for one field. */
export function describeField(def: FieldDef): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    custom: def.custom,
    createable: def.createable,
    updateable: def.updateable,
    nillable: def.nillable,
    defaultedOnCreate: !def.required && !def.nillable,
    length: def.length,
    byteLength: def.length * 3,
    precision: def.precision,
    scale: def.scale,
    digits: def.type === 'int' ? 9 : 0,
    referenceTo: def.referenceTo,
    relationshipName: def.type === 'reference' ? def.name.replace(/Id$/, '') : null,
    picklistValues: def.picklistValues.map((value) => ({
      active: true,
      defaultValue: false,
      label: value,
      value,
    })),
    externalId: def.externalId,
    unique: def.unique,
    idLookup: def.type === 'id' || def.externalId,
    filterable: def.type !== 'textarea',
    sortable: def.type !== 'textarea',
    groupable: def.type !== 'textarea' && def.type !== 'double',
    calculated: def.calculated ?? false,
    autoNumber: false,
    inlineHelpText: def.description,
    soapType: soapType(def.type),
  };
}

function soapType(type: SfFieldType): string {
  switch (type) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    default:
      return 'xsd:string';
  }
}
