import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles, GENERATOR_VERSION } from '../../../demo/index.ts';
import { type GeneratedDemo, generateInTemp } from './support.ts';

const files = [...Object.values(demoFiles), 'manifest.json'];

describe('demo data determinism', () => {
  let first: GeneratedDemo;
  let again: GeneratedDemo;
  let otherSeed: GeneratedDemo;
  let cleanRate: GeneratedDemo;

  beforeAll(async () => {
    first = await generateInTemp({ contacts: 400, seed: 1 });
    again = await generateInTemp({ contacts: 400, seed: 1 });
    otherSeed = await generateInTemp({ contacts: 400, seed: 2 });
    cleanRate = await generateInTemp({ contacts: 400, seed: 1, badRowsRate: 0 });
  });

  afterAll(async () => {
    await Promise.all([first, again, otherSeed, cleanRate].map((demo) => demo?.cleanup()));
  });

  it('writes byte-identical files for the same seed', async () => {
    for (const file of files) expect(await again.sha256(file), file).toBe(await first.sha256(file));
  });

  it('records each file hash and row count in the manifest', async () => {
    const manifest = JSON.parse(await readFile(join(first.dir, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(1);
    expect(manifest.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [key, file] of Object.entries(demoFiles)) {
      expect(manifest.files[key].sha256, file).toBe(await first.sha256(file));
      expect(manifest.files[key].rows, file).toBe((await first.read(file)).length);
    }
  });

  it('writes different data for a different seed', async () => {
    for (const file of Object.values(demoFiles))
      expect(await otherSeed.sha256(file), file).not.toBe(await first.sha256(file));
  });

  it('keeps the clean data unchanged when only the bad-row rate changes', async () => {
    expect(await cleanRate.sha256('truth.csv')).toBe(await first.sha256('truth.csv'));
    const withBad = await first.read('contacts.csv');
    const clean = await cleanRate.read('contacts.csv');
    expect(clean.map((row) => row.contact_id)).toEqual(withBad.map((row) => row.contact_id));
    const differing = clean.filter((row, i) => JSON.stringify(row) !== JSON.stringify(withBad[i])).length;
    expect(differing).toBe(first.summary.manifest.files.contacts.badRows);
  });

  it('depends on asOf, not on the wall clock', async () => {
    const shifted = await generateInTemp({ contacts: 60, seed: 1, asOf: '2025-01-01', badRowsRate: 0 });
    try {
      const events = await shifted.read('events.csv');
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => (e.occurred_at ?? '') < '2025-01-01')).toBe(true);
      expect(shifted.summary.manifest.historyStart).toBe('2023-07-03T00:00:00.000Z');
    } finally {
      await shifted.cleanup();
    }
  });

  it('reproduces the pinned output of this generator version (bump GENERATOR_VERSION when it changes on purpose)', async () => {
    const pinned = await generateInTemp({ contacts: 120, seed: 1 });
    try {
      const hashes = Object.fromEntries(
        Object.entries(pinned.summary.manifest.files).map(([key, file]) => [key, file.sha256.slice(0, 16)]),
      );
      expect({ version: GENERATOR_VERSION, hashes }).toEqual({
        version: '1.0.1',
        hashes: {
          accounts: 'fbfc62b411c4c32b',
          contacts: '55021a679b275b59',
          deals: '257a4847cb67c294',
          events: '62905b0fbb8af8c2',
          marketingContacts: 'e869ec6f0bc517c5',
          truth: 'e7c13012fa52a7e2',
        },
      });
    } finally {
      await pinned.cleanup();
    }
  });
});
