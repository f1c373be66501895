import type { Request } from 'express';
import { type HubspotEvent, hubspotPayloadSchema, hubspotRecordChanges } from './hubspot-events.ts';
import {
  type SalesforceChangeEvent,
  salesforceEventKey,
  salesforceObjectType,
  salesforcePayloadSchema,
  salesforceRecordChanges,
} from './salesforce-events.ts';
import { hubspotV3Signature, salesforceSignature } from './signature.ts';
import type { WebhookSource } from './webhook-route.ts';

/**
 * The URI HubSpot signed: the address it was told to call. Behind a proxy the server sees another
 * scheme and host, so server.publicUrl supplies them when set; the path and query are as received.
 */
export function signedRequestUri(request: Request, publicUrl: string | undefined): string {
  const origin = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.get('host') ?? ''}`;
  return `${origin}${request.originalUrl}`;
}

export const hubspotWebhooks: WebhookSource<HubspotEvent> = {
  name: 'hubspot',
  signatureHeader: 'X-HubSpot-Signature-v3',
  timestampHeader: 'X-HubSpot-Request-Timestamp',
  settings(deps) {
    const hubspot = deps.loaded.config.server.webhooks.hubspot;
    return hubspot && { connector: hubspot.connector, secret: hubspot.clientSecret.reveal() };
  },
  expectedSignature: (request, body, timestamp, secret, deps) =>
    hubspotV3Signature({
      method: request.method,
      uri: signedRequestUri(request, deps.loaded.config.server.publicUrl),
      body,
      timestamp,
      clientSecret: secret,
    }),
  payload: hubspotPayloadSchema,
  events: (payload) => payload as HubspotEvent[],
  eventKey: (event) => event.eventId,
  changes: hubspotRecordChanges,
};

export const salesforceWebhooks: WebhookSource<SalesforceChangeEvent> = {
  name: 'salesforce',
  signatureHeader: 'X-Scorebridge-Signature',
  timestampHeader: 'X-Scorebridge-Timestamp',
  settings(deps) {
    const salesforce = deps.loaded.config.server.webhooks.salesforce;
    return salesforce && { connector: salesforce.connector, secret: salesforce.secret.reveal() };
  },
  expectedSignature: (_request, body, timestamp, secret) => salesforceSignature({ body, timestamp, secret }),
  payload: salesforcePayloadSchema,
  events: (payload) => (payload as { events: SalesforceChangeEvent[] }).events,
  eventKey: salesforceEventKey,
  changes: salesforceRecordChanges,
  objectTypesWithoutIds: (events) =>
    events.flatMap((event) => {
      const objectType = salesforceObjectType(event);
      return objectType !== undefined && event.ChangeEventHeader.recordIds.length === 0 ? [objectType] : [];
    }),
};
