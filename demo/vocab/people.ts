export { firstNames } from './first-names.ts';
export { lastNames } from './last-names.ts';

export type ContactRole = 'economic_buyer' | 'champion' | 'admin' | 'user';

export const titlesByRole: Readonly<Record<ContactRole, readonly string[]>> = {
  economic_buyer: [
    'VP of Sales',
    'Chief Revenue Officer',
    'CFO',
    'Chief Operating Officer',
    'VP Marketing',
    'Head of Revenue Operations',
    'Managing Director',
    'VP Customer Success',
  ],
  champion: [
    'Sales Operations Manager',
    'Marketing Operations Lead',
    'Director of Customer Success',
    'Revenue Operations Manager',
    'Growth Marketing Manager',
    'Head of Sales Development',
  ],
  admin: [
    'CRM Administrator',
    'Salesforce Administrator',
    'IT Manager',
    'Systems Administrator',
    'Business Systems Analyst',
    'Marketing Technologist',
  ],
  user: [
    'Account Executive',
    'Sales Development Representative',
    'Customer Success Manager',
    'Marketing Specialist',
    'Data Analyst',
    'Account Manager',
    'Support Specialist',
    'Campaign Manager',
  ],
};

/** Free-mail domains for marketing-list sign-ups that used a personal address. */
export const personalMailDomains = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'];
