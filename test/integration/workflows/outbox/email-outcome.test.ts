import { describe, expect, it } from 'vitest';
import { outcomeFromSendResult } from '../../../../workflows/outbox/index.ts';

describe('outcomeFromSendResult', () => {
  it('maps the email transport classification onto relay outcomes', () => {
    expect(outcomeFromSendResult({ status: 'sent', messageId: '<m@x>', response: '250 ok' })).toEqual({
      status: 'sent',
      providerId: '<m@x>',
    });
    const failed = (kind: 'permanent' | 'temporary' | 'unknown') =>
      outcomeFromSendResult({
        status: 'failed',
        permanent: kind === 'permanent',
        kind,
        code: 451,
        response: 'later',
      });
    expect(failed('temporary')).toEqual({ status: 'retry', error: '451 later' });
    expect(failed('permanent')).toEqual({ status: 'permanent', error: '451 later' });
    expect(failed('unknown')).toEqual({ status: 'unknown', error: '451 later' });
  });
});
