import path from 'node:path';
import { createDestinationConnector, scoreFieldMapping } from '../../connectors/registry.ts';
import type { DestinationConnector } from '../../core/connectors/destination.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import {
  DryRunEmailTransport,
  type EmailTransport,
  loadTemplateSet,
  SmtpEmailTransport,
  type TemplateSet,
} from '../../workflows/email/index.ts';
import type { EmailConfig } from '../config/email.ts';
import type { LoadedConfig } from '../config/index.ts';
import { sharedStateDatabase } from '../writeback/targets.ts';
import type { CrmTarget } from './senders/crm-sender.ts';

export function emailTransportFor(email: EmailConfig): EmailTransport {
  const sendingDomain = email.from.address.split('@')[1] ?? 'localhost';
  const transport = email.transport;
  if (transport.type === 'dry_run')
    return new DryRunEmailTransport({ outputDir: transport.dir, sendingDomain });
  return new SmtpEmailTransport({
    host: transport.host,
    port: transport.port,
    secure: transport.secure,
    requireTLS: transport.requireTLS,
    tls: { rejectUnauthorized: transport.rejectUnauthorized },
    ...(transport.auth ? { auth: transport.auth } : {}),
    pool: {
      maxConnections: transport.maxConnections,
      ...(transport.rateLimitPerSecond ? { rateLimit: transport.rateLimitPerSecond } : {}),
    },
    sendingDomain,
  });
}

/** Write sides of every configured CRM, by connector name. */
export function crmTargets(
  loaded: LoadedConfig,
  sharedLimits?: CrmLimits,
  store?: SqlDatabase,
): Map<string, CrmTarget & { destination: DestinationConnector }> {
  // On a Postgres store, HubSpot's task log lives in it: relays on other hosts see the same tasks.
  const stateDatabase = sharedStateDatabase(store);
  const targets = new Map<string, CrmTarget>();
  for (const [name, connector] of Object.entries(loaded.config.connectors)) {
    const mapping = scoreFieldMapping(connector);
    const destination = createDestinationConnector(name, connector, {
      configDir: loaded.configDir,
      ...(sharedLimits ? { sharedLimits } : {}),
      ...(stateDatabase ? { stateDatabase } : {}),
    });
    if (mapping && destination) targets.set(name, { destination, mapping });
  }
  return targets;
}

/** Template sets by folder name, loaded (and checked against sample data) once per process. */
export function templateCache(templatesDir: string): (folder: string) => Promise<TemplateSet> {
  const cache = new Map<string, Promise<TemplateSet>>();
  return (folder) => {
    let set = cache.get(folder);
    if (!set) {
      set = loadTemplateSet(path.join(templatesDir, folder));
      cache.set(folder, set);
    }
    return set;
  };
}
