import type { SendMailOptions } from 'nodemailer';
import { deterministicMessageId } from './message-id.ts';
import type { EmailMessage } from './types.ts';

/** Headers are single lines: a CR/LF from CRM data must never start a new header. */
function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function listUnsubscribeValue(unsubscribe: EmailMessage['unsubscribe']): string {
  if (!unsubscribe.url.startsWith('https://')) {
    throw new Error(`unsubscribe url must be https (RFC 8058), got "${unsubscribe.url}"`);
  }
  const targets = [`<${unsubscribe.url}>`];
  if (unsubscribe.mailto) {
    const mailto = unsubscribe.mailto.startsWith('mailto:')
      ? unsubscribe.mailto
      : `mailto:${unsubscribe.mailto}`;
    targets.push(`<${mailto}>`);
  }
  return targets.join(', ');
}

/** Turns a message into nodemailer options shared by every transport. */
export function buildMailOptions(message: EmailMessage, sendingDomain: string): SendMailOptions {
  return {
    messageId: deterministicMessageId(message.idempotencyKey, sendingDomain),
    from: message.from.name
      ? { name: singleLine(message.from.name), address: message.from.address }
      : message.from.address,
    to: message.to,
    replyTo: message.replyTo,
    subject: singleLine(message.subject),
    text: message.text,
    html: message.html,
    headers: {
      'List-Unsubscribe': { prepared: true, value: listUnsubscribeValue(message.unsubscribe) },
      'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
    },
  };
}
