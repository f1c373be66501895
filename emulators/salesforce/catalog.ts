import { currencyType, datedConversionRate, permissionSetAssignment } from './catalog-setup.ts';
import {
  checkbox,
  type FieldDef,
  field,
  number,
  picklist,
  readOnly,
  reference,
  required,
  systemFields,
  text,
} from './field-defs.ts';

export interface SObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  /** Objects whose records can be merged (the losers get MasterRecordId). */
  readonly mergeable: boolean;
  readonly fields: readonly FieldDef[];
}

const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];
const ACCOUNT_TYPES = [
  'Prospect',
  'Trial',
  'Customer',
  'Customer - Direct',
  'Customer - Channel',
  'Former Customer',
  'Other',
];
const INDUSTRIES = [
  'Software',
  'Retail',
  'Finance',
  'Healthcare',
  'Manufacturing',
  'Education',
  'Media',
  'Other',
];

const owner = () => reference('OwnerId', 'Owner ID', ['User'], { nillable: false });
const master = (object: string) => readOnly(reference('MasterRecordId', 'Master Record ID', [object]));

const user: SObjectDef = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  mergeable: false,
  fields: [
    ...systemFields(),
    required(text('Username', 'Username', 80, { unique: true })),
    text('FirstName', 'First Name', 40),
    required(text('LastName', 'Last Name', 80)),
    readOnly(text('Name', 'Full Name', 121)),
    required(field('Email', 'Email', 'email')),
    checkbox('IsActive', 'Active'),
    text('Alias', 'Alias', 8),
  ],
};

const account: SObjectDef = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  mergeable: true,
  fields: [
    ...systemFields(),
    master('Account'),
    required(text('Name', 'Account Name', 255)),
    picklist('Type', 'Account Type', ACCOUNT_TYPES),
    picklist('Industry', 'Industry', INDUSTRIES),
    field('Website', 'Website', 'url'),
    field('NumberOfEmployees', 'Employees', 'int'),
    field('AnnualRevenue', 'Annual Revenue', 'currency', { precision: 18, scale: 0 }),
    text('BillingCity', 'Billing City', 40),
    text('BillingCountry', 'Billing Country', 80),
    field('Phone', 'Account Phone', 'phone'),
    field('Description', 'Account Description', 'textarea', { length: 32000 }),
    reference('ParentId', 'Parent Account ID', ['Account']),
    owner(),
  ],
};

const contact: SObjectDef = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: '003',
  mergeable: true,
  fields: [
    ...systemFields(),
    master('Contact'),
    reference('AccountId', 'Account ID', ['Account']),
    text('FirstName', 'First Name', 40),
    required(text('LastName', 'Last Name', 80)),
    readOnly(text('Name', 'Full Name', 121)),
    field('Email', 'Email', 'email', { length: 80 }),
    field('Phone', 'Business Phone', 'phone', { length: 40 }),
    text('Title', 'Title', 128),
    text('MailingCity', 'Mailing City', 40),
    text('MailingCountry', 'Mailing Country', 80),
    checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
    picklist('LeadSource', 'Lead Source', [
      'Web',
      'Phone Inquiry',
      'Partner Referral',
      'Purchased List',
      'Other',
    ]),
    owner(),
  ],
};

const lead: SObjectDef = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: '00Q',
  mergeable: true,
  fields: [
    ...systemFields(),
    master('Lead'),
    text('FirstName', 'First Name', 40),
    required(text('LastName', 'Last Name', 80)),
    readOnly(text('Name', 'Full Name', 121)),
    required(text('Company', 'Company', 255)),
    field('Email', 'Email', 'email', { length: 80 }),
    field('Phone', 'Phone', 'phone', { length: 40 }),
    text('Title', 'Title', 128),
    text('City', 'City', 40),
    text('Country', 'Country', 80),
    field('Website', 'Website', 'url'),
    picklist('Status', 'Lead Status', LEAD_STATUSES, { nillable: false }),
    picklist('LeadSource', 'Lead Source', [
      'Web',
      'Phone Inquiry',
      'Partner Referral',
      'Purchased List',
      'Other',
    ]),
    picklist('Industry', 'Industry', INDUSTRIES),
    field('NumberOfEmployees', 'Employees', 'int'),
    checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
    readOnly(checkbox('IsConverted', 'Converted')),
    readOnly(field('ConvertedDate', 'Converted Date', 'date')),
    readOnly(reference('ConvertedContactId', 'Converted Contact ID', ['Contact'])),
    readOnly(reference('ConvertedAccountId', 'Converted Account ID', ['Account'])),
    owner(),
  ],
};

const opportunity: SObjectDef = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: '006',
  mergeable: false,
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account ID', ['Account']),
    reference('ContactId', 'Contact ID', ['Contact']),
    required(text('Name', 'Name', 120)),
    required(picklist('StageName', 'Stage', OPPORTUNITY_STAGES)),
    field('Amount', 'Amount', 'currency', { precision: 18, scale: 2 }),
    required(field('CloseDate', 'Close Date', 'date')),
    readOnly(checkbox('IsClosed', 'Closed')),
    readOnly(checkbox('IsWon', 'Won')),
    number('Probability', 'Probability (%)', 3, 0),
    picklist('Type', 'Opportunity Type', [
      'New Business',
      'Existing Business - Upgrade',
      'Existing Business - Renewal',
    ]),
    owner(),
  ],
};

const activityCommon = (): FieldDef[] => [
  reference('WhoId', 'Name ID', ['Contact', 'Lead']),
  reference('WhatId', 'Related To ID', ['Account', 'Opportunity']),
  readOnly(reference('AccountId', 'Account ID', ['Account'])),
  text('Subject', 'Subject', 255),
  field('Description', 'Description', 'textarea', { length: 32000 }),
  picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
  owner(),
];

const task: SObjectDef = {
  name: 'Task',
  label: 'Task',
  labelPlural: 'Tasks',
  keyPrefix: '00T',
  mergeable: false,
  fields: [
    ...systemFields(),
    ...activityCommon(),
    picklist(
      'Status',
      'Status',
      ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
      {
        nillable: false,
      },
    ),
    picklist('Priority', 'Priority', ['High', 'Normal', 'Low'], { nillable: false }),
    field('ActivityDate', 'Due Date Only', 'date'),
    picklist('TaskSubtype', 'Task Subtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], {
      updateable: false,
    }),
    field('CallDurationInSeconds', 'Call Duration', 'int'),
    picklist('CallType', 'Call Type', ['Internal', 'Inbound', 'Outbound']),
    readOnly(checkbox('IsClosed', 'Closed')),
    field('CompletedDateTime', 'Completed Date/Time', 'datetime'),
  ],
};

const event: SObjectDef = {
  name: 'Event',
  label: 'Event',
  labelPlural: 'Events',
  keyPrefix: '00U',
  mergeable: false,
  fields: [
    ...systemFields(),
    ...activityCommon(),
    required(field('StartDateTime', 'Start Date Time', 'datetime')),
    field('EndDateTime', 'End Date Time', 'datetime'),
    field('DurationInMinutes', 'Duration', 'int'),
    checkbox('IsAllDayEvent', 'All-Day Event'),
  ],
};

const permissionSet: SObjectDef = {
  name: 'PermissionSet',
  label: 'Permission Set',
  labelPlural: 'Permission Sets',
  keyPrefix: '0PS',
  mergeable: false,
  fields: [
    ...systemFields(),
    required(text('Name', 'Name', 80, { unique: true })),
    required(text('Label', 'Label', 80)),
    readOnly(checkbox('IsOwnedByProfile', 'Is Owned By Profile')),
  ],
};

const fieldPermissions: SObjectDef = {
  name: 'FieldPermissions',
  label: 'Field Permissions',
  labelPlural: 'Field Permissions',
  keyPrefix: '01k',
  mergeable: false,
  fields: [
    ...systemFields(),
    required(reference('ParentId', 'Parent ID', ['PermissionSet'])),
    required(text('SobjectType', 'Sobject Type Name', 80)),
    required(text('Field', 'Field Name', 255)),
    checkbox('PermissionsRead', 'Read Access'),
    checkbox('PermissionsEdit', 'Edit Access'),
  ],
};

/** The objects the emulated org knows, in describeGlobal order. */
export const standardObjects: readonly SObjectDef[] = [
  account,
  contact,
  lead,
  opportunity,
  task,
  event,
  user,
  permissionSet,
  fieldPermissions,
  permissionSetAssignment,
  currencyType,
  datedConversionRate,
];

/** Objects whose Owner is required and defaults to the API user on create. */
export const OWNED_OBJECTS = new Set(['Account', 'Contact', 'Lead', 'Opportunity', 'Task', 'Event']);
