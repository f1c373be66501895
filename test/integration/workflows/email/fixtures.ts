import path from 'node:path';
import type { EmailMessage } from '../../../../workflows/email/index.ts';

export function retentionMessage(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    idempotencyKey: 'enrollment-42:day0',
    from: { address: 'success@mail.example.com', name: 'Example Success Team' },
    to: 'ana@customer.example',
    subject: 'Is everything all right?',
    text: 'Hi Ana & co',
    html: '<p>Hi &lt;b&gt;Ana&lt;/b&gt; &amp; co</p>',
    unsubscribe: {
      url: 'https://example.com/u/abc123',
      mailto: 'unsubscribe@mail.example.com?subject=abc123',
    },
    ...overrides,
  };
}

/** The shipped retention template set. */
export const retentionDir = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'config',
  'templates',
  'retention',
);
