import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectorConfigSchema } from '../../../connectors/config-schema.ts';
import { parseConfigText, parseYamlSource } from '../../../core/config/index.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** Every ```yaml block of the README, with the line it starts on. */
function yamlBlocks(): { line: number; text: string }[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const blocks: { line: number; text: string }[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.trim() !== '```yaml') continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
    index = end;
  }
  return blocks;
}

describe('README YAML examples', () => {
  const blocks = yamlBlocks();

  it('are all valid YAML', () => {
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) {
      const issues = parseYamlSource(block.text, `README.md:${block.line}`).syntaxIssues;
      expect(issues.map((issue) => `${issue.file} +${issue.line}: ${issue.message}`)).toEqual([]);
    }
  });

  it('declare connectors the config loader accepts', () => {
    const schema = z.looseObject({ connectors: z.record(z.string(), connectorConfigSchema) });
    const withConnectors = blocks.filter((block) => /^connectors:/m.test(block.text));
    expect(withConnectors.length).toBeGreaterThan(1);
    for (const block of withConnectors) {
      // Every ${VAR} an example references is set, as a reader following it would.
      const env = Object.fromEntries(
        [...block.text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((match) => [match[1]!, 'example-value-123']),
      );
      expect(() => parseConfigText(block.text, `README.md:${block.line}`, schema, { env })).not.toThrow();
    }
  });
});
