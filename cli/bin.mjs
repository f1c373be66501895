#!/usr/bin/env node
// The CLI is TypeScript run by Node's built-in type stripping, which needs Node 24+.
// npm scripts and npx put the project's own Node 24 (the `node` devDependency) first on PATH.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `scorebridge needs Node 24 or newer (this is ${process.version}). Run it through npm (npm run scorebridge -- <command>) or npx scorebridge, which use the project's Node 24.`,
  );
  process.exit(2);
}
await import('./main.ts');
