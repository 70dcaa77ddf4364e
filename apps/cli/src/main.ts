import { parseArgs } from 'node:util';
import { commands } from './commands/index.js';

const usage = () =>
  [
    'Usage: sinew <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    '',
    "Run 'sinew <command> --help' for a command's options.",
  ].join('\n');

/** Runs the `sinew` command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name == null || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log((await import('./version.js')).version);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`sinew: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`sinew ${name}: ${(err as Error).message}\n\n${command.help}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(command.help);
    return 0;
  }
  return command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
}
