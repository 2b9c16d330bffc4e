#!/usr/bin/env node
// Process entry for the `ziem` bin: hands argv and the real streams to runCli and sets the exit code.
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
