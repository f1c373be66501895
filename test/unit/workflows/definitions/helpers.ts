import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHIPPED_WORKFLOWS = path.join(REPO_ROOT, 'config', 'workflows');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'config', 'templates');
export const DEMO_CONNECTORS = ['demo_files', 'marketing_list'];

/** A fresh folder holding the given workflow files. */
export function workflowDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-workflows-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
