// The list of command modules. Each registers its commander subcommand and wires it to a run()
// exported by the module that does the work; nothing here does work itself.
import type { Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { registerConfig } from './config.js';
import { registerSandbox } from './sandbox.js';
import { registerCapture } from './capture.js';
import { registerReplay } from './replay.js';
import { registerAnalyze } from './analyze.js';
import { registerAssets, registerIntel } from './assets.js';
import { registerAttackSim } from './attack-sim.js';
import { registerModel } from './model.js';
import { registerStack } from './stack.js';
import { registerKsql } from './ksql.js';
import { registerConnectors } from './connectors.js';
import { registerKsqlServe } from './ksql-serve.js';
import { registerDeploy } from './deploy.js';
import { registerDestroy } from './destroy.js';
import { registerStatus } from './status.js';
import { registerAlerts } from './alerts.js';
import { registerSmoke } from './smoke.js';
import { registerGraph } from './graph.js';
import { registerUi } from './ui.js';

export type RegisterCommand = (program: Command, ctx: ContextFactory) => Command;

export const COMMANDS: readonly RegisterCommand[] = [
  registerConfig,
  registerSandbox,
  registerCapture,
  registerReplay,
  registerAnalyze,
  registerAssets,
  registerIntel,
  registerAttackSim,
  registerModel,
  registerStack,
  registerKsql,
  registerConnectors,
  registerKsqlServe,
  registerDeploy,
  registerDestroy,
  registerStatus,
  registerAlerts,
  registerSmoke,
  registerGraph,
  registerUi,
];
