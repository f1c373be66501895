/** One email ready to hand to a transport: already rendered, addressed and keyed. */
export interface EmailMessage {
  /** Stable key of this send (e.g. enrollment id + step); the Message-ID is derived from it. */
  idempotencyKey: string;
  from: { address: string; name?: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 8058 one-click unsubscribe: the https URL must identify recipient and list. */
  unsubscribe: { url: string; mailto?: string };
}

export type SendResult =
  | { status: 'sent'; messageId: string; response: string }
  | {
      status: 'failed';
      /** 5xx to RCPT TO or DATA: the address bounced; the caller suppresses it, never retries. */
      permanent: boolean;
      /**
       * `temporary`: the server did not take the message (4xx, a 5xx to AUTH or MAIL FROM, or no
       * connection): retry later; a 5xx to AUTH keeps failing until the credentials are fixed.
       * `unknown`: the connection broke mid-transaction, so the message may have been delivered;
       * marketing mail must not be resent automatically.
       */
      kind: 'permanent' | 'temporary' | 'unknown';
      code: number | null;
      response: string;
    };

export interface EmailTransport {
  send(message: EmailMessage): Promise<SendResult>;
  close(): Promise<void>;
}
