import { describe, expect, it } from 'vitest';
import { seedSalesforceFromDemo } from '../../../../emulators/salesforce/index.ts';
import { harness } from './emulated-org.ts';

const onlyAccounts = {
  streams: {
    contacts: { enabled: false },
    leads: { enabled: false },
    opportunities: { enabled: false },
    tasks: { enabled: false },
    events: { enabled: false },
  },
};

describe('Salesforce API version pinned in config', () => {
  it('works with the default and with any older version the org serves', async () => {
    const h = await harness();
    try {
      seedSalesforceFromDemo(h.emulator.state, { contacts: 20, seed: 2 });
      for (const apiVersion of [undefined, '45.0', '68.0']) {
        const results = await h.sync(h.connector({ ...onlyAccounts, ...(apiVersion ? { apiVersion } : {}) }));
        expect(results.map((result) => result.status)).toEqual(['succeeded']);
      }
    } finally {
      await h.close();
    }
  });

  it('names the versions the org serves when the pinned one is not among them', async () => {
    // An org still on Summer '25 (v64.0) does not serve the connector's default, v66.0.
    const h = await harness({ apiVersions: { latest: 64 } });
    try {
      const [result] = await h.sync(h.connector(onlyAccounts));
      expect(result?.status).toBe('failed');
      expect(result?.error).toContain(
        `Salesforce API version 66.0 (apiVersion in the connector config) is not served by ${h.emulator.url}; ` +
          `the org serves 31.0 to 64.0. Set apiVersion to one of them, e.g. "64.0" (Summer '25)`,
      );
      // The check costs no API request and nothing else was called.
      expect(h.emulator.stats.apiCalls).toBe(0);
    } finally {
      await h.close();
    }
  });
});
