// The list of command modules. Each registers its commander subcommand and wires it to a run()
// exported by the module that does the work; nothing here does work itself.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { registerConfig } from './config.js';

export type RegisterCommand = (program: Command, ctx: ContextFactory) => Command;

export const COMMANDS: readonly RegisterCommand[] = [registerConfig];
