/**
 * The commands that live in their own modules. Each module exports a
 * {@link RegisterCommand}; add it to {@link COMMANDS} and `createProgram` wires it in, with
 * the same exit override, output and suggestions as the built-in commands.
 */
import type { Command } from 'commander';
import type { CliIO } from '../shared.js';
import { registerCalibrate } from './calibrate.js';
import { registerSensitivity } from './sensitivity.js';
import { registerSlurm } from './slurm.js';
import { registerTable } from './table.js';
import { registerTournament } from './tournament.js';

/** Adds one subcommand to `program`; `cwd` is where relative paths resolve. */
export type RegisterCommand = (program: Command, io: CliIO, cwd: string) => void;

/** Every command registered from `commands/`, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerTable, registerTournament, registerSensitivity, registerCalibrate, registerSlurm];
