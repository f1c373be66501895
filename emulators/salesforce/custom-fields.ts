import { type FieldDef, field } from './field-defs.ts';
import type { ApiError } from './http/errors.ts';

/** Metadata of a Tooling API CustomField create, as documented for the CustomField type. */
export interface CustomFieldMetadata {
  readonly type?: string;
  readonly label?: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly description?: string;
  readonly inlineHelpText?: string;
  readonly externalId?: boolean;
  readonly unique?: boolean;
  readonly required?: boolean;
  readonly visibleLines?: number;
  readonly defaultValue?: string;
  readonly valueSet?: { valueSetDefinition?: { value?: { fullName?: string; label?: string }[] } };
}

const bad = (errorCode: string, message: string): { ok: false; error: ApiError } => ({
  ok: false,
  error: { errorCode, message },
});

/** Turns CustomField metadata into the field describe will list, with Salesforce's validation rules. */
export function customFieldFromMetadata(
  fieldName: string,
  metadata: CustomFieldMetadata,
): { ok: true; def: FieldDef } | { ok: false; error: ApiError } {
  if (!metadata.label) return bad('REQUIRED_FIELD_MISSING', 'Required field is missing: label');
  const common = {
    description: metadata.inlineHelpText ?? metadata.description ?? null,
    externalId: metadata.externalId === true,
    unique: metadata.unique === true,
    nillable: metadata.required !== true,
    required: metadata.required === true,
  };
  switch (metadata.type) {
    case 'Number':
    case 'Currency':
    case 'Percent': {
      const precision = metadata.precision ?? 18;
      const scale = metadata.scale ?? 0;
      if (precision < 1 || precision > 18 || scale < 0 || scale > precision) {
        return bad(
          'FIELD_INTEGRITY_EXCEPTION',
          `Precision must be 1-18 and scale between 0 and the precision (got ${precision}, ${scale})`,
        );
      }
      const type =
        metadata.type === 'Number' ? 'double' : metadata.type === 'Currency' ? 'currency' : 'percent';
      return { ok: true, def: field(fieldName, metadata.label, type, { precision, scale, ...common }) };
    }
    case 'Text': {
      const length = metadata.length;
      if (length === undefined || length < 1 || length > 255) {
        return bad('FIELD_INTEGRITY_EXCEPTION', 'Length must be between 1 and 255 for a Text field');
      }
      return { ok: true, def: field(fieldName, metadata.label, 'string', { length, ...common }) };
    }
    case 'LongTextArea': {
      const length = metadata.length;
      if (length === undefined || length < 256 || length > 131_072 || metadata.visibleLines === undefined) {
        return bad(
          'FIELD_INTEGRITY_EXCEPTION',
          'A Long Text Area needs a length of 256-131072 and visibleLines',
        );
      }
      return { ok: true, def: field(fieldName, metadata.label, 'textarea', { length, ...common }) };
    }
    case 'Checkbox':
      if (metadata.defaultValue === undefined)
        return bad('FIELD_INTEGRITY_EXCEPTION', 'A Checkbox needs a defaultValue');
      return { ok: true, def: field(fieldName, metadata.label, 'boolean', { ...common, nillable: false }) };
    case 'DateTime':
      return { ok: true, def: field(fieldName, metadata.label, 'datetime', common) };
    case 'Date':
      return { ok: true, def: field(fieldName, metadata.label, 'date', common) };
    case 'Picklist': {
      const values = (metadata.valueSet?.valueSetDefinition?.value ?? []).map(
        (entry) => entry.fullName ?? entry.label ?? '',
      );
      if (values.length === 0 || values.some((value) => value === '')) {
        return bad(
          'FIELD_INTEGRITY_EXCEPTION',
          'A Picklist needs valueSet.valueSetDefinition.value entries with fullName',
        );
      }
      return {
        ok: true,
        def: field(fieldName, metadata.label, 'picklist', { length: 255, picklistValues: values, ...common }),
      };
    }
    default:
      return bad('FIELD_INTEGRITY_EXCEPTION', `Unsupported or missing field type: ${String(metadata.type)}`);
  }
}
