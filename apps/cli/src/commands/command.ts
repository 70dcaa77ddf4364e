import type { ParseArgsConfig } from 'node:util';

/** One `sinew` subcommand: its options, its help text, and what it does. */
export interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}
