import type { Connection } from 'jsforce';
import { z } from 'zod';
import { ConnectorError } from '../../core/connectors/destination.ts';

/** The Versions resource (`GET /services/data/`): every version the org serves, oldest first. */
const versionsSchema = z.array(z.looseObject({ version: z.string(), label: z.string().optional() }));

/** "31.0, 32.0, ... 68.0" shortened to a range when the list is contiguous. */
export function describeVersions(versions: readonly string[]): string {
  if (versions.length === 0) return 'none';
  const majors = versions.map((version) => Number.parseFloat(version));
  const contiguous = majors.every((major, index) => index === 0 || major === majors[index - 1]! + 1);
  return contiguous && versions.length > 2
    ? `${versions[0]} to ${versions[versions.length - 1]}`
    : versions.join(', ');
}

/**
 * Confirms the pinned `apiVersion` is one the org serves, before the first API call: a version an
 * org does not serve answers 404 NOT_FOUND on every resource, which would otherwise read as
 * "object not found". The Versions resource needs no session and costs no API request.
 */
export async function checkApiVersion(connection: Connection, pinned: string): Promise<void> {
  const body = await connection.request<unknown>({ method: 'GET', url: '/services/data/' });
  const parsed = versionsSchema.safeParse(body);
  if (!parsed.success) return; // Not the Versions list (a proxy page): the first real call will say more.
  const served = parsed.data.map((entry) => entry.version);
  if (served.includes(pinned)) return;
  const latest = parsed.data[parsed.data.length - 1];
  throw new ConnectorError(
    `Salesforce API version ${pinned} (apiVersion in the connector config) is not served by ${connection.instanceUrl}; ` +
      `the org serves ${describeVersions(served)}. Set apiVersion to one of them` +
      (latest ? `, e.g. "${latest.version}" (${latest.label ?? 'latest'})` : ''),
    { kind: 'permanent' },
  );
}
