/**
 * The commands, one module each. Each module exports a {@link RegisterCommand}; add it to
 * {@link COMMANDS} and `createProgram` (program.ts, which only wires them) adds it, with the
 * same exit override, output and suggestions as every other command.
 */
import type { Command } from 'commander';
import type { CliIO } from '../shared.js';
import { registerCalibrate } from './calibrate.js';
import { registerChart } from './chart.js';
import { registerInit } from './init.js';
import { registerList } from './list.js';
import { registerMerge } from './merge.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSchema } from './schema.js';
import { registerSensitivity } from './sensitivity.js';
import { registerSlurm } from './slurm.js';
import { registerTable } from './table.js';
import { registerTournament } from './tournament.js';
import { registerValidate } from './validate.js';

/** Adds one subcommand to `program`; `cwd` is where relative paths resolve. */
export type RegisterCommand = (program: Command, io: CliIO, cwd: string) => void;

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerRun,
  registerChart,
  registerReport,
  registerValidate,
  registerSchema,
  registerMerge,
  registerInit,
  registerList,
  registerTable,
  registerTournament,
  registerSensitivity,
  registerCalibrate,
  registerSlurm,
];
