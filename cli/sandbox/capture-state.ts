// The capture agent's state file, <stateDir>/capture/agent.json (0600): its pid, what it captures
// and its running totals, rewritten every second by the agent and read by `capture status`.
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentStats } from './capture-agent.js';

export interface AgentRecord {
  pid: number;
  startedAt: number;
  updatedAt: number;
  iface: string;
  filter: string;
  topic: string;
  bootstrap: string;
  stats: AgentStats;
  /** set by the agent as it exits; a record without it and a live pid is a running agent */
  stoppedAt?: number;
}

export function captureDir(stateDir: string): string {
  return join(stateDir, 'capture');
}

export function readAgentRecord(stateDir: string): AgentRecord | undefined {
  const p = join(captureDir(stateDir), 'agent.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as AgentRecord) : undefined;
}

export function writeAgentRecord(stateDir: string, r: AgentRecord): void {
  mkdirSync(captureDir(stateDir), { recursive: true, mode: 0o700 });
  const p = join(captureDir(stateDir), 'agent.json');
  writeFileSync(`${p}.tmp`, JSON.stringify(r, null, 2), { mode: 0o600 });
  renameSync(`${p}.tmp`, p);
}
