import { isConfigError } from '../../core/config/config-error.ts';
import { type CommandIo, EXIT_INVALID_INPUT, EXIT_RUNTIME_FAILURE, type ExitCode } from './command-io.ts';

/**
 * Runs a command body and turns failures into the documented exit codes: config problems print
 * every located issue (exit 2), anything else prints its message without a stack trace (exit 1;
 * SCOREBRIDGE_DEBUG=1 shows the stack).
 */
export async function runGuarded(io: CommandIo, body: () => Promise<ExitCode>): Promise<void> {
  try {
    io.setExitCode(await body());
  } catch (error) {
    if (isConfigError(error)) {
      io.stderr(error.format());
      io.setExitCode(EXIT_INVALID_INPUT);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: ${message}`);
    if (io.env.SCOREBRIDGE_DEBUG && error instanceof Error && error.stack) io.stderr(error.stack);
    io.setExitCode(EXIT_RUNTIME_FAILURE);
  }
}
