/**
 * Exit codes shared by every command, so scripts and CI can tell a broken config from an outage:
 * 0 success, 1 runtime failure (network, disk, a bug), 2 invalid input or config (fix the file).
 */
export const EXIT_OK = 0;
export const EXIT_RUNTIME_FAILURE = 1;
export const EXIT_INVALID_INPUT = 2;
export type ExitCode = typeof EXIT_OK | typeof EXIT_RUNTIME_FAILURE | typeof EXIT_INVALID_INPUT;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  runtime failure
  2  invalid input or config (the message says where)`;

/** The edges a command touches, injectable so commands run in tests without a real process. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Record<string, string | undefined>;
  readonly setExitCode: (code: ExitCode) => void;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  setExitCode: (code) => {
    // exitCode, not exit(): pending output is flushed before the process ends.
    process.exitCode = code;
  },
};

export const DEFAULT_CONFIG_FILE = 'config/scorebridge.yaml';
