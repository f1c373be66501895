import type { SObjectDef } from './catalog.ts';
import { checkbox, field, readOnly, reference, required, systemFields, text } from './field-defs.ts';

/**
 * Setup objects beside the CRM data: permission set assignments (who holds a permission set) and
 * the currency tables of a multi-currency org. Field lists follow the Object Reference for the
 * Salesforce Platform ("PermissionSetAssignment", "CurrencyType", "DatedConversionRate").
 */
export const permissionSetAssignment: SObjectDef = {
  name: 'PermissionSetAssignment',
  label: 'Permission Set Assignment',
  labelPlural: 'Permission Set Assignments',
  keyPrefix: '0Pa',
  mergeable: false,
  fields: [
    ...systemFields(),
    required(reference('AssigneeId', 'Assignee ID', ['User'])),
    required(reference('PermissionSetId', 'Permission Set ID', ['PermissionSet'])),
  ],
};

/** Static exchange rates: ConversionRate units of IsoCode buy one unit of the corporate currency. */
export const currencyType: SObjectDef = {
  name: 'CurrencyType',
  label: 'Currency Type',
  labelPlural: 'Currency Types',
  keyPrefix: '01L',
  mergeable: false,
  fields: [
    ...systemFields(),
    required(text('IsoCode', 'Currency ISO Code', 3, { unique: true })),
    field('ConversionRate', 'Conversion Rate', 'double', { precision: 15, scale: 6 }),
    field('DecimalPlaces', 'Decimal Places', 'int'),
    checkbox('IsActive', 'Active'),
    readOnly(checkbox('IsCorporate', 'Corporate')),
  ],
};

/**
 * Dated exchange rates (Advanced Currency Management): a rate holds from StartDate until the
 * next rate's StartDate, which Salesforce reports as NextStartDate (read-only).
 */
export const datedConversionRate: SObjectDef = {
  name: 'DatedConversionRate',
  label: 'Dated Conversion Rate',
  labelPlural: 'Dated Conversion Rates',
  keyPrefix: '04w',
  mergeable: false,
  fields: [
    ...systemFields(),
    required(text('IsoCode', 'Currency ISO Code', 3)),
    field('ConversionRate', 'Conversion Rate', 'double', { precision: 15, scale: 6 }),
    required(field('StartDate', 'Start Date', 'date')),
    readOnly(field('NextStartDate', 'Next Start Date', 'date')),
  ],
};
