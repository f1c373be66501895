import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadTemplateSet, TemplateError } from '../../../../workflows/email/index.ts';
import { retentionDir } from './fixtures.ts';

const FOOTER_TEXT = 'Unsubscribe: {{unsubscribe_url}}\n{{sender.postal_address}}\n';
const FOOTER_HTML = '<a href="{{unsubscribe_url}}">Unsubscribe</a> {{sender.postal_address}}\n';
const SAMPLE = [
  'product: Acme',
  'customer:',
  '  first_name: Ana',
  'unsubscribe_url: https://example.com/u/1',
  'sender:',
  '  postal_address: 1 Main St, Springfield',
  '',
].join('\n');

describe('shipped retention templates', () => {
  it('load and render every email against the sample data', async () => {
    const set = await loadTemplateSet(retentionDir);
    expect([...set.names].sort()).toEqual([
      'day0-checkin',
      'day3-roi',
      'day7-optimization-session',
      'save-plan',
      'tips',
      'value-recap',
    ]);
    const sample = parseYaml(await readFile(path.join(retentionDir, 'sample-data.yaml'), 'utf8'));

    const day0 = set.render('day0-checkin', sample);
    expect(day0.subject).toBe(
      'Is everything all right with Acme Analytics? Nobody at Northwind Traders has logged in for 14 days',
    );
    // The sample team has gone quiet (activity.quiet): only then does the check-in say so.
    expect(day0.text).toContain('We noticed nobody at Northwind Traders has logged in for 14 days.');
    const active = set.render('day0-checkin', {
      ...sample,
      activity: { ...sample.activity, quiet: false, last_login: 'yesterday' },
    });
    expect(active.subject).toBe('How is Acme Analytics working for Northwind Traders?');
    expect(active.text).toContain('Your team last logged in yesterday, and 12 people used Acme Analytics');
    expect(active.text).not.toMatch(/noticed|nobody/);
    expect(active.html).not.toMatch(/noticed|nobody/);
    const day3 = set.render('day3-roi', sample);
    expect(day3.subject).toBe('Your ROI with Acme Analytics');
    expect(day3.text).toContain('Hours saved: 37');
    expect(day3.text).toContain('Money saved: $2,775');
    expect(day3.text).toContain('(the 90 days to Oct 1, 2026)');
    expect(day3.html).toContain('<strong>184</strong>');
    const day7 = set.render('day7-optimization-session', sample);
    expect(day7.subject).toBe('Free 30-minute optimization session with your customer success manager');
    expect(day7.html).toContain('href="https://example.com/book/jordan-lee"');
    const recap = set.render('value-recap', sample);
    expect(recap.text).toContain('- Reports run: 184');
    // A team that ran nothing is not shown a table of zeros.
    const idle = set.render('value-recap', {
      ...sample,
      customer: { ...sample.customer, usage: { ...sample.customer.usage, reports_run: 0 } },
    });
    expect(idle.text).not.toContain('Reports run');
    expect(idle.html).not.toContain('Reports run');
    expect(idle.text).toContain('Three ways teams like yours get more from it');
    const tips = set.render('tips', sample);
    expect(tips.subject).toBe('A 10-minute guide to the Acme Analytics features teams use most');
    for (const email of [recap, tips]) expect(`${email.subject}${email.text}`).not.toMatch(/noticed|nobody/);
    const save = set.render('save-plan', sample);
    expect(save.text).toContain(
      'To make it worth your while: two months at 20 % off when you renew for a year.',
    );
    expect(set.render('save-plan', { ...sample, offer: null }).text).not.toContain('worth your while');

    for (const email of [day0, day3, day7, recap, tips, save]) {
      for (const body of [email.text, email.html]) {
        expect(body).toContain('https://example.com/unsubscribe/sample-token');
        expect(body).toContain('548 Market St #12345, San Francisco, CA 94104, USA');
      }
    }
  });

  it('names the template file, line and full path when real data lacks a field', async () => {
    const set = await loadTemplateSet(retentionDir, {
      displayRoot: path.dirname(path.dirname(retentionDir)),
    });
    const sample = parseYaml(await readFile(path.join(retentionDir, 'sample-data.yaml'), 'utf8'));
    const { hours_saved: _dropped, ...customer } = sample.customer;
    expect(() => set.render('day3-roi', { ...sample, customer }, 'data for contact 77')).toThrow(
      'templates/retention/day3-roi.text.hbs:5: "customer.hours_saved" not defined in data for contact 77',
    );
  });
});

describe('loadTemplateSet checks templates at load time', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scorebridge-tpl-'));
    await writeFile(path.join(dir, 'sample-data.yaml'), SAMPLE);
    await writeFile(path.join(dir, 'day3-value.subject.hbs'), 'Your ROI with {{product}}\n');
    await writeFile(
      path.join(dir, 'day3-value.html.hbs'),
      `<p>Hi {{customer.first_name}}</p>\n${FOOTER_HTML}`,
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = () => loadTemplateSet(dir, { displayRoot: path.dirname(dir) });
  const shownFile = (file: string) => `${path.basename(dir)}/${file}`;

  it('names file and line of a field missing from the sample data', async () => {
    const text = [
      'Hi {{customer.first_name}},',
      '',
      'You saved {{customer.hours_saved}} hours.',
      FOOTER_TEXT,
    ].join('\n');
    await writeFile(path.join(dir, 'day3-value.text.hbs'), text);
    const error = await load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toBe(
      `${shownFile('day3-value.text.hbs')}:3: "customer.hours_saved" not defined in sample data`,
    );
    expect((error as TemplateError).line).toBe(3);
  });

  it('names file and line of a syntax error', async () => {
    await writeFile(path.join(dir, 'day3-value.text.hbs'), `Hi\n\n{{customer.first_name}\n${FOOTER_TEXT}`);
    await expect(load()).rejects.toThrow(
      new RegExp(`^${shownFile('day3-value.text.hbs')}:3: syntax error: Expecting `),
    );
  });

  it('names the line of a mismatched block close', async () => {
    await writeFile(
      path.join(dir, 'day3-value.text.hbs'),
      `Hi\n{{#if product}}\nx\n{{/each}}\n${FOOTER_TEXT}`,
    );
    await expect(load()).rejects.toThrow(`${shownFile('day3-value.text.hbs')}:2: if doesn't match each`);
  });

  it('hints at an unclosed block', async () => {
    await writeFile(path.join(dir, 'day3-value.text.hbs'), `Hi\n{{#if product}}\n${FOOTER_TEXT}`);
    await expect(load()).rejects.toThrow(/never closed with \{\{\/block\}\}/);
  });

  it('rejects an email without the unsubscribe link', async () => {
    await writeFile(
      path.join(dir, 'day3-value.text.hbs'),
      'Hi {{customer.first_name}}\n{{sender.postal_address}}\n',
    );
    await expect(load()).rejects.toThrow(
      `${shownFile('day3-value.text.hbs')}: rendered email does not contain {{unsubscribe_url}}; every email must`,
    );
  });

  it('rejects an email whose part is missing', async () => {
    await expect(load()).rejects.toThrow(`${shownFile('day3-value.text.hbs')}: file is missing`);
  });

  it('escapes HTML parts but not the text part or subject', async () => {
    await writeFile(path.join(dir, 'day3-value.text.hbs'), `Hi {{customer.first_name}}\n${FOOTER_TEXT}`);
    const set = await load();
    const data = {
      product: 'A & B',
      customer: { first_name: '<img src=x onerror=alert(1)>' },
      unsubscribe_url: 'https://example.com/u/2',
      sender: { postal_address: '1 Main St' },
    };
    const rendered = set.render('day3-value', data);
    expect(rendered.html).toContain('<p>Hi &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</p>');
    expect(rendered.text).toContain('Hi <img src=x onerror=alert(1)>');
    expect(rendered.subject).toBe('Your ROI with A & B');
  });

  it('points at the sample data file when its YAML is broken', async () => {
    await writeFile(path.join(dir, 'sample-data.yaml'), 'product: Acme\ncustomer: [unclosed\n');
    await writeFile(path.join(dir, 'day3-value.text.hbs'), FOOTER_TEXT);
    await expect(load()).rejects.toThrow(new RegExp(`^${shownFile('sample-data.yaml')}:\\d+: `));
  });
});
