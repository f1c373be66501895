import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { type CompiledTemplate, compileTemplate, type TemplateKind } from './compile-template.ts';
import { compileMjmlTemplate } from './mjml.ts';
import { TemplateError } from './template-error.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateSet {
  /** Email names found in the folder, e.g. "day0-checkin". */
  readonly names: readonly string[];
  render(name: string, data: unknown, dataLabel?: string): RenderedEmail;
}

export interface LoadTemplateSetOptions {
  /** Paths into the sample data whose values every rendered text and HTML part must contain. */
  requiredContent?: readonly string[];
  /** Paths in error messages are shown relative to this folder. */
  displayRoot?: string;
}

const SAMPLE_DATA_FILE = 'sample-data.yaml';
const KINDS: readonly TemplateKind[] = ['subject', 'text', 'html'];
const TEMPLATE_FILE = /^(.+)\.(subject|text|html)\.hbs$/;
const MJML_FILE = /^(.+)\.html\.mjml$/;
/** CAN-SPAM: commercial mail carries a working opt-out and the sender's postal address. */
const DEFAULT_REQUIRED_CONTENT = ['unsubscribe_url', 'sender.postal_address'];

function lookup(data: unknown, dottedPath: string): unknown {
  let current = data;
  for (const segment of dottedPath.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

async function readSampleData(file: string, shown: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new TemplateError(shown, null, 'sample data file is missing; every template folder needs one');
  }
  try {
    const data: unknown = parseYaml(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new TemplateError(shown, 1, 'sample data must be a mapping of field names to values');
    }
    return data as Record<string, unknown>;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      throw new TemplateError(shown, error.linePos?.[0].line ?? null, error.message.split('\n')[0]!);
    }
    throw error;
  }
}

function checkRequiredContent(
  email: string,
  templates: Record<TemplateKind, CompiledTemplate>,
  rendered: RenderedEmail,
  sample: Record<string, unknown>,
  required: readonly string[],
  sampleFile: string,
): void {
  for (const field of required) {
    const value = lookup(sample, field);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new TemplateError(sampleFile, null, `"${field}" is required in sample data (email "${email}")`);
    }
    const plain = String(value);
    const checks: Array<[CompiledTemplate, string, string]> = [
      [templates.text, rendered.text, plain],
      [templates.html, rendered.html, Handlebars.escapeExpression(plain)],
    ];
    for (const [template, output, expected] of checks) {
      if (!output.includes(expected)) {
        throw new TemplateError(
          template.file,
          null,
          `rendered email does not contain {{${field}}}; every email must`,
        );
      }
    }
  }
}

/**
 * Loads every `<email>.{subject,text,html}.hbs` (or `<email>.html.mjml` for the HTML part) in a folder, compiles them and renders each
 * against the folder's sample-data.yaml, so a typo fails at load time rather than at send time.
 */
export async function loadTemplateSet(
  dir: string,
  options: LoadTemplateSetOptions = {},
): Promise<TemplateSet> {
  const displayRoot = options.displayRoot ?? process.cwd();
  const shown = (file: string) => path.relative(displayRoot, file) || file;
  const sampleFile = path.join(dir, SAMPLE_DATA_FILE);
  const sample = await readSampleData(sampleFile, shown(sampleFile));

  const sources = new Map<string, Partial<Record<TemplateKind, CompiledTemplate>>>();
  for (const entry of (await readdir(dir)).sort()) {
    const mjml = MJML_FILE.exec(entry);
    const match = mjml ?? TEMPLATE_FILE.exec(entry);
    if (!match) continue;
    const [, email] = match as unknown as [string, string];
    const kind: TemplateKind = mjml ? 'html' : (match[2] as TemplateKind);
    const file = path.join(dir, entry);
    const parts = sources.get(email) ?? {};
    if (parts[kind])
      throw new TemplateError(
        shown(file),
        null,
        `email "${email}" has two ${kind} parts; keep the .hbs or the .mjml`,
      );
    const text = await readFile(file, 'utf8');
    parts[kind] = mjml
      ? await compileMjmlTemplate(shown(file), text)
      : compileTemplate(shown(file), kind, text);
    sources.set(email, parts);
  }
  if (sources.size === 0)
    throw new TemplateError(shown(dir), null, 'no <email>.<subject|text|html>.hbs templates found');

  const emails = new Map<string, Record<TemplateKind, CompiledTemplate>>();
  for (const [email, parts] of sources) {
    for (const kind of KINDS) {
      if (!parts[kind])
        throw new TemplateError(shown(path.join(dir, `${email}.${kind}.hbs`)), null, 'file is missing');
    }
    const complete = parts as Record<TemplateKind, CompiledTemplate>;
    const rendered = renderParts(complete, sample, 'sample data');
    checkRequiredContent(
      email,
      complete,
      rendered,
      sample,
      options.requiredContent ?? DEFAULT_REQUIRED_CONTENT,
      shown(sampleFile),
    );
    emails.set(email, complete);
  }

  return {
    names: [...emails.keys()],
    render(name, data, dataLabel = 'data') {
      const parts = emails.get(name);
      if (!parts)
        throw new Error(`unknown email template "${name}"; known: ${[...emails.keys()].join(', ')}`);
      return renderParts(parts, data, dataLabel);
    },
  };
}

function renderParts(
  parts: Record<TemplateKind, CompiledTemplate>,
  data: unknown,
  dataLabel: string,
): RenderedEmail {
  return {
    subject: parts.subject.render(data, dataLabel),
    text: parts.text.render(data, dataLabel),
    html: parts.html.render(data, dataLabel),
  };
}
