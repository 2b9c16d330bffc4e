// The sandbox's record of what `up` created, under <stateDir>/sandbox/state.json (mode 0600).
// It is rewritten after every step so that `down` after a failed `up` removes exactly what exists,
// and nothing that `up` did not create.
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxLayout } from './layout.js';

export interface RecordedProcess {
  readonly pid: number;
  readonly host: string;
  readonly service: string;
  /** the executable, to check that a recorded pid still belongs to us before signalling it */
  readonly exe: string;
}

export interface SandboxState {
  readonly layout: SandboxLayout;
  readonly createdAt: number;
  bridge: boolean;
  namespaces: string[];
  veths: string[];
  processes: RecordedProcess[];
}

export function sandboxDir(stateDir: string): string {
  return join(stateDir, 'sandbox');
}

function statePath(stateDir: string): string {
  return join(sandboxDir(stateDir), 'state.json');
}

export function readState(stateDir: string): SandboxState | undefined {
  const p = statePath(stateDir);
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as SandboxState;
}

export function writeState(stateDir: string, s: SandboxState): void {
  mkdirSync(sandboxDir(stateDir), { recursive: true, mode: 0o700 });
  const p = statePath(stateDir);
  // write then rename: a crash mid-write must not leave a truncated record of live namespaces
  writeFileSync(`${p}.tmp`, JSON.stringify(s, null, 2), { mode: 0o600 });
  renameSync(`${p}.tmp`, p);
}

export function removeSandboxDir(stateDir: string): void {
  rmSync(sandboxDir(stateDir), { recursive: true, force: true });
}
