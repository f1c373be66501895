import { z } from 'zod';
import { isLoopbackHost } from '../../core/net/loopback-host.ts';
import { Secret } from '../../core/secret.ts';

const hostName = z.string().regex(/^[A-Za-z0-9.-]+$/, 'expected a host name such as mail.example.com');

/** SMTP settings as they arrive from config (credentials already resolved into Secrets). */
export const smtpTransportConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS if offered. */
    secure: z.boolean().default(false),
    /** Refuse to send when the server does not offer STARTTLS. */
    requireTLS: z.boolean().default(false),
    tls: z
      .object({
        rejectUnauthorized: z.boolean().default(true),
        servername: z.string().optional(),
        minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).default('TLSv1.2'),
      })
      .prefault({}),
    auth: z.object({ user: z.string().min(1), pass: z.instanceof(Secret) }).optional(),
    pool: z
      .object({
        maxConnections: z.number().int().positive().default(5),
        maxMessages: z.number().int().positive().default(100),
        rateDelta: z.number().int().positive().default(1000),
        rateLimit: z.number().int().positive().optional(),
      })
      .prefault({}),
    /** Domain of Message-IDs; normally the domain of the From address. */
    sendingDomain: hostName,
    connectionTimeoutMs: z.number().int().positive().default(30_000),
    socketTimeoutMs: z.number().int().positive().default(60_000),
  })
  .refine((smtp) => !smtp.auth || smtp.secure || smtp.requireTLS || isLoopbackHost(smtp.host), {
    path: ['requireTLS'],
    message:
      'refusing to send the SMTP login unencrypted to a server on another machine; set requireTLS: true (or secure: true)',
  });

export type SmtpTransportConfig = z.input<typeof smtpTransportConfigSchema>;
export type ParsedSmtpTransportConfig = z.output<typeof smtpTransportConfigSchema>;
