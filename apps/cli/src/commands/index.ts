import type { Command } from './command.js';
import { demo } from './demo.js';
import { doctor } from './doctor.js';

/** Every `sinew` subcommand by name. */
export const commands: Record<string, Command> = {
  demo,
  doctor,
};
