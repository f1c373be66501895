import { buildProgram } from './program.ts';

// Commands set process.exitCode themselves; parse errors from commander exit with its own code.
await (await buildProgram(process.argv)).parseAsync(process.argv);
