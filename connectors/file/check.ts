import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { type CheckItem, fail, ok } from '../../core/connectors/check.ts';
import type { FileConnectorConfig } from './config.ts';
import { resolveStreamSettings } from './stream-settings.ts';

/** Each stream's file exists, is a file, and can be opened and read by this process. */
export async function checkFiles(
  name: string,
  config: FileConnectorConfig,
  configDir: string,
): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  for (const stream of Object.keys(config.streams)) {
    let settings: ReturnType<typeof resolveStreamSettings>;
    try {
      settings = resolveStreamSettings(name, config, stream, configDir);
    } catch (error) {
      items.push(
        fail(`stream ${stream}`, (error as Error).message, `fix connectors.${name}.streams.${stream}`),
      );
      continue;
    }
    const what = `stream ${stream}: ${settings.displayFile} can be read`;
    try {
      const info = await stat(settings.file);
      if (!info.isFile()) {
        items.push(
          fail(
            what,
            `${settings.file} is not a file`,
            `point connectors.${name}.streams.${stream}.path at a file`,
          ),
        );
        continue;
      }
      await access(settings.file, constants.R_OK);
      const handle = await open(settings.file, 'r');
      await handle.read(Buffer.alloc(1), 0, 1, 0);
      await handle.close();
      items.push(ok(what, `${info.size.toLocaleString('en-US')} bytes`));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      items.push(
        fail(
          what,
          code === 'ENOENT'
            ? `no file at ${settings.file}`
            : code === 'EACCES'
              ? `no permission to read ${settings.file}`
              : (error as Error).message,
          code === 'ENOENT'
            ? `check connectors.${name}.baseDir and streams.${stream}.path (relative to the config file's folder)`
            : 'let the user running scorebridge read the file',
        ),
      );
    }
  }
  return items;
}
