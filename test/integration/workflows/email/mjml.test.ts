import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTemplateSet, TemplateError } from '../../../../workflows/email/index.ts';
import { retentionDir } from './fixtures.ts';

const SAMPLE = 'name: Ana\nunsubscribe_url: https://example.com/u/1\nsender:\n  postal_address: 1 Main St\n';
const mjml = (body: string) =>
  `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${body}\n<mj-text><a href="{{unsubscribe_url}}">Unsubscribe</a> {{sender.postal_address}}</mj-text>\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>\n`;

describe('MJML HTML parts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scorebridge-mjml-'));
    await writeFile(path.join(dir, 'sample-data.yaml'), SAMPLE);
    await writeFile(path.join(dir, 'hello.subject.hbs'), 'Hello {{name}}');
    await writeFile(
      path.join(dir, 'hello.text.hbs'),
      'Hi {{name}}\n{{unsubscribe_url}} {{sender.postal_address}}',
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('renders the shipped day 7 email from MJML into responsive HTML with escaped values', async () => {
    const set = await loadTemplateSet(retentionDir);
    const { parse } = await import('yaml');
    const { readFile } = await import('node:fs/promises');
    const sample = parse(await readFile(path.join(retentionDir, 'sample-data.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const email = set.render('day7-optimization-session', {
      ...sample,
      customer: { ...(sample.customer as object), company: 'Smith & <Co>' },
    });
    expect(email.html).toContain('<!doctype html>');
    expect(email.html).toMatch(/<table[^>]+role="presentation"/);
    expect(email.html).toContain('Smith &amp; &lt;Co&gt;');
    expect(email.html).toContain('href="https://example.com/book/jordan-lee"');
  });

  it('names the .mjml file and line of an unknown MJML element', async () => {
    await writeFile(
      path.join(dir, 'hello.html.mjml'),
      mjml('<mj-text>Hi {{name}}</mj-text>\n<mj-texx>oops</mj-texx>'),
    );
    const error = await loadTemplateSet(dir, { displayRoot: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toBe(
      "hello.html.mjml:6: invalid MJML: Element mj-texx doesn't exist or is not registered",
    );
  });

  it('reports a field missing from the data at its line in the .mjml file', async () => {
    await writeFile(
      path.join(dir, 'hello.html.mjml'),
      mjml('<mj-text>Hi {{name}}</mj-text>\n<mj-text>{{plan.name}}</mj-text>'),
    );
    const error = await loadTemplateSet(dir, { displayRoot: dir }).catch((e: unknown) => e);
    expect((error as TemplateError).message).toMatch(/^hello\.html\.mjml:6: .*plan\.name/);
  });
});
