import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { COMMANDS, type CommandEntry } from './command-table.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The command the arguments name (`scorebridge [global options] <command> ...`), also for
 * `scorebridge help <command>`; undefined for `--help`, `--version` or no command at all.
 */
export function namedCommand(args: readonly string[]): CommandEntry | undefined {
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  return COMMANDS.find((entry) => entry.name === name);
}

/**
 * The command tree for one invocation. Every command is listed (from the static table), but only
 * the one the arguments name is imported and registered with its options and action, so
 * `--version`, `--help` and `<command> --help` start at once instead of loading every dependency
 * of every command.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('scorebridge')
    .description('Connect your CRM and warehouse to calibrated predictive scores, and act on them.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    // Usage mistakes (unknown option, missing argument) are invalid input: exit 2, as documented.
    // Set before the commands are added, so every subcommand inherits it.
    .exitOverride((error) => {
      const benign = ['commander.helpDisplayed', 'commander.help', 'commander.version'];
      if (benign.includes(error.code)) process.exit(0);
      process.exit(error.code.startsWith('commander.') ? 2 : error.exitCode);
    });
  const named = namedCommand(argv.slice(2));
  for (const entry of COMMANDS) {
    const registered = () => program.commands.find((command) => command.name() === entry.name);
    // Named: the real command. Others: name and description only, for the command list and for
    // "did you mean" on a typo. A module may already have registered this one with another.
    if (!registered()) {
      if (entry === named || (named && entry.register === named.register)) await entry.register(program);
      else program.command(entry.name).description(entry.description);
    }
    registered()?.helpGroup(entry.group);
  }
  return program;
}
