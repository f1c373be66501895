import { z } from 'zod';
import { configRelativePath, secretRef } from '../../core/config/index.ts';
import { isLoopbackHost } from '../../core/net/loopback-host.ts';

export const DEFAULT_EMAIL_OUTPUT_DIR = 'var/emails';
/** Secret group of the SMTP password and unsubscribe key: only commands that send or serve need them. */
export const EMAIL_SECRETS = 'email';

const address = z.email('expected an email address such as success@example.com');

const dryRunSchema = z.strictObject({
  type: z.literal('dry_run'),
  dir: configRelativePath()
    .prefault(DEFAULT_EMAIL_OUTPUT_DIR)
    .describe("Folder receiving one .eml file per email, relative to the config file's folder."),
});

const smtpSchema = z
  .strictObject({
    type: z.literal('smtp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    secure: z.boolean().default(false).describe('TLS from the first byte (port 465); false: STARTTLS.'),
    requireTLS: z.boolean().default(true).describe('Refuse to send when the server does not offer STARTTLS.'),
    rejectUnauthorized: z.boolean().default(true),
    auth: z.strictObject({ user: z.string().min(1), pass: secretRef({ group: EMAIL_SECRETS }) }).optional(),
    maxConnections: z.number().int().positive().default(5),
    rateLimitPerSecond: z.number().int().positive().optional(),
  })
  .superRefine((smtp, ctx) => {
    // Without TLS the login and every email cross the network readable by anyone on the path.
    if (!smtp.secure && !smtp.requireTLS && !isLoopbackHost(smtp.host))
      ctx.addIssue({
        code: 'custom',
        path: ['requireTLS'],
        message: `requireTLS: false would send the SMTP login and every email unencrypted to ${smtp.host}; it is allowed only for a server on this machine (localhost, 127.0.0.1, ::1)`,
        params: {
          hint: 'remove requireTLS (the default true refuses a server without STARTTLS), or set secure: true for port 465',
        },
      });
  });

const csmSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  email: address,
  bookingUrl: z.url().optional(),
  crmUserId: z
    .string()
    .min(1)
    .optional()
    .describe('Owner/user id in the CRM, for tasks assigned to the CSM.'),
});

export const CONSENT_POLICIES = ['explicit_opt_in', 'unless_opted_out'] as const;

export const emailSchema = z
  .strictObject({
    from: z.strictObject({ address, name: z.string().min(1).optional() }),
    replyTo: address.optional(),
    transport: z.discriminatedUnion('type', [dryRunSchema, smtpSchema]).prefault({ type: 'dry_run' }),
    consent: z
      .enum(CONSENT_POLICIES)
      .default('explicit_opt_in')
      .describe(
        'explicit_opt_in: only contacts whose emailOptIn is true; unless_opted_out: also contacts with no recorded choice.',
      ),
    unsubscribe: z.strictObject({
      url: z
        .url({ protocol: /^https$/, error: 'one-click unsubscribe links (RFC 8058) must be https' })
        .describe(
          "https address of scorebridge's /v1/unsubscribe (as the public sees it); takes ?token=…, POST for one-click.",
        ),
      mailto: address.optional(),
      secret: secretRef({ group: EMAIL_SECRETS })
        .optional()
        .describe('Key that signs unsubscribe links; required with the smtp transport.'),
    }),
    content: z
      .strictObject({
        product: z.string().min(1),
        loginUrl: z.url(),
        helpUrl: z.url(),
        company: z.string().min(1),
        postalAddress: z.string().min(1).describe('CAN-SPAM: every commercial email shows it.'),
        minutesSavedPerFeatureUse: z.number().positive().default(6),
        hourlyRate: z.number().positive().default(45).describe('In the account currency.'),
        quietAfterDays: z
          .number()
          .int()
          .positive()
          .default(14)
          .describe(
            'Days without a login after which emails may say the team has gone quiet (activity.quiet); before that they do not mention inactivity.',
          ),
        saveOffer: z
          .string()
          .min(1)
          .optional()
          .describe(
            'The offer the high-risk save email makes, e.g. "two months at 20 % off when you renew for a year"; without it the email offers a call only.',
          ),
      })
      .describe('Values the email templates read besides the customer own numbers.'),
    csms: z
      .array(csmSchema)
      .default(() => [])
      .describe('Customer success managers that assign_owner steps choose from (fewest accounts first).'),
  })
  .superRefine((email, ctx) => {
    if (email.transport.type === 'smtp' && email.unsubscribe.secret === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['unsubscribe', 'secret'],
        message: 'real email needs signed unsubscribe links',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax the user should write
        params: { hint: 'set secret: ${SCOREBRIDGE_UNSUBSCRIBE_SECRET} and export that variable' },
      });
  })
  .describe('How workflow emails are sent; absent: email steps are skipped and plan says so.');

export type EmailConfig = z.output<typeof emailSchema>;
