import { createHmac } from 'node:crypto';
import { FLEET_ENV, PUBLIC_URL } from '../../helpers/fleet/world.ts';

/** HubSpot's v3 signature, from the documented recipe (independent of the product code). */
function signHubspot(uri: string, body: string, timestamp: number): string {
  return createHmac('sha256', FLEET_ENV.FLEET_HUBSPOT_APP_SECRET)
    .update(`POST${uri}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

export interface SignedDelivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A HubSpot contact change notification, signed for the address both replicas sit behind. */
export function hubspotDelivery(contactId: number, eventId: number, now = Date.now()): SignedDelivery {
  const body = JSON.stringify([
    {
      eventId,
      subscriptionId: 7,
      portalId: 4_010_001,
      appId: 54321,
      occurredAt: now - 1000,
      subscriptionType: 'contact.propertyChange',
      attemptNumber: 0,
      objectId: contactId,
      changeSource: 'CRM',
      propertyName: 'jobtitle',
      propertyValue: 'VP Sales',
    },
  ]);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signHubspot(`${PUBLIC_URL}/hooks/hubspot`, body, now),
      'x-hubspot-request-timestamp': String(now),
    },
  };
}

export async function deliver(
  replicaUrl: string,
  delivery: SignedDelivery,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${replicaUrl}/hooks/hubspot`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: response.status, body: await response.text() };
}

/** An account's current scores and history as one replica answers them. */
export async function accountScores(
  replicaUrl: string,
  key: string,
  accountId: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${replicaUrl}/v1/accounts/${encodeURIComponent(accountId)}/scores`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}
