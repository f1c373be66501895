/**
 * A HubSpot sandbox on localhost, filled with the demo business:
 *   node emulators/hubspot/main.ts --port 4010 --contacts 2000 [--latency 0] [--plan professional]
 * Point a `type: hubspot` connector at the printed URL (`baseUrl`) with the printed token.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seedHubspotFromDemo } from './seed/seed-demo.ts';
import { DEFAULT_EMULATOR_TOKEN, startHubspotEmulator } from './server.ts';

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  contacts: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  latency: z.coerce.number().min(0).max(10_000).default(0),
  seed: z.coerce.number().int().default(42),
  plan: z.enum(['free', 'starter', 'professional', 'enterprise']).default('professional'),
});

const perTenSeconds = { free: 100, starter: 100, professional: 190, enterprise: 190 } as const;
const daily = { free: 250_000, starter: 250_000, professional: 625_000, enterprise: 1_000_000 } as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      contacts: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      plan: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(
      `hubspot emulator: ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
    process.exit(2);
  }
  const options = parsed.data;
  const emulator = await startHubspotEmulator({
    port: options.port,
    latencyMs: options.latency,
    seed: options.seed,
    rateLimit: {
      perTenSeconds: perTenSeconds[options.plan],
      daily: daily[options.plan],
      retryAfter: 'random',
    },
  });
  const summary = seedHubspotFromDemo(emulator, { contacts: options.contacts, seed: options.seed });
  const engagements = Object.values(summary.engagements).reduce((sum, n) => sum + n, 0);
  console.log(`HubSpot emulator on ${emulator.url} (${options.plan} limits)`);
  console.log(`token: ${DEFAULT_EMULATOR_TOKEN}`);
  console.log(
    `${summary.companies} companies, ${summary.contacts} contacts, ${summary.deals} deals, ${engagements} engagements`,
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
