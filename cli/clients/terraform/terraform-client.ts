// The Terraform client: one method per command ziem uses (init, plan, apply, output, destroy),
// each run in the sandbox's working directory with its own data dir, the shared plugin cache,
// TF_IN_AUTOMATION and a lock timeout. The JSON UI stream becomes progress lines and diagnostics;
// a failure is a TerraformError naming the first error diagnostic (file:line), with a
// force-unlock hint when the state lock was the problem.
import { mkdirSync } from 'node:fs';
import { TerraformError } from '../../../core/errors/ziem-error.js';
import {
  decodeUiLine,
  formatDiagnostic,
  progressLine,
  type UiChangeSummary,
  type UiDiagnostic,
  type UiResource,
} from './json-ui.js';
import { processInterrupts, runTerraform, type InterruptSource, type RunResult } from './terraform-process.js';

export interface TerraformClientOptions {
  /** the terraform binary (default: terraform on PATH) */
  bin?: string;
  /** the root module terraform runs in */
  workDir: string;
  /** TF_DATA_DIR: one per sandbox */
  dataDir: string;
  /** TF_PLUGIN_CACHE_DIR: shared by every sandbox */
  pluginCacheDir: string;
  lockTimeoutMs: number;
  /** the environment terraform inherits (TF_CLI_CONFIG_FILE, credentials) */
  env: Readonly<Record<string, string | undefined>>;
  /** progress for a person (stderr) */
  log(line: string): void;
  interrupts?: InterruptSource;
}

export interface PlannedChange {
  readonly resource: UiResource;
  readonly action: string;
}

export interface PlanResult {
  readonly planFile: string;
  readonly changes: readonly PlannedChange[];
  readonly summary: UiChangeSummary;
}

export interface OutputValue {
  readonly sensitive: boolean;
  readonly value: unknown;
}

interface StreamState {
  diagnostics: UiDiagnostic[];
  changes: PlannedChange[];
  summary: UiChangeSummary | undefined;
}

const LOCK_ERROR = /error acquiring the state lock/i;

/** The lock's ID from Terraform's "Lock Info" block, when it printed one. */
export function lockIdOf(text: string): string | undefined {
  return /\bID:\s+([0-9a-f-]{8,})/i.exec(text)?.[1];
}

export class TerraformClient {
  private readonly bin: string;
  private readonly interrupts: InterruptSource;

  constructor(private readonly o: TerraformClientOptions) {
    this.bin = o.bin ?? 'terraform';
    this.interrupts = o.interrupts ?? processInterrupts;
    mkdirSync(o.dataDir, { recursive: true });
    mkdirSync(o.pluginCacheDir, { recursive: true });
  }

  private get lockFlag(): string {
    return `-lock-timeout=${Math.ceil(this.o.lockTimeoutMs / 1000)}s`;
  }

  private env(): Record<string, string | undefined> {
    return {
      ...this.o.env,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_DATA_DIR: this.o.dataDir,
      TF_PLUGIN_CACHE_DIR: this.o.pluginCacheDir,
      CHECKPOINT_DISABLE: '1',
    };
  }

  /** init -input=false with the backend's settings (-backend-config k=v each). */
  async init(backendConfig: Readonly<Record<string, string>> = {}): Promise<void> {
    const args = [
      'init',
      '-input=false',
      '-no-color',
      '-reconfigure',
      this.lockFlag,
      ...Object.entries(backendConfig).map(([k, v]) => `-backend-config=${k}=${v}`),
    ];
    const r = await this.run(args, (line) => {
      if (line.trim()) this.o.log(`terraform init: ${line.trim()}`);
    });
    if (r.exitCode !== 0) throw this.failure('init', r, []);
  }

  /** plan -json -out=<planFile> (with destroy: a destroy plan). */
  async plan(planFile: string, o: { destroy?: boolean } = {}): Promise<PlanResult> {
    const args = [
      'plan',
      '-input=false',
      '-json',
      this.lockFlag,
      `-out=${planFile}`,
      ...(o.destroy ? ['-destroy'] : []),
    ];
    const s = await this.stream('plan', args);
    if (!s.summary) throw new TerraformError(0, '', 'terraform plan printed no change summary');
    return { planFile, changes: s.changes, summary: s.summary };
  }

  /** apply -json <planFile>: exactly what was planned and confirmed, nothing re-planned. */
  async apply(planFile: string): Promise<UiChangeSummary | undefined> {
    return (await this.stream('apply', ['apply', '-input=false', '-json', this.lockFlag, planFile])).summary;
  }

  async destroy(): Promise<UiChangeSummary | undefined> {
    return (await this.stream('destroy', ['destroy', '-input=false', '-auto-approve', '-json', this.lockFlag])).summary;
  }

  /** output -json: every root output by name. */
  async output(): Promise<Record<string, OutputValue>> {
    let text = '';
    const r = await this.run(['output', '-json'], (line) => (text += line + '\n'));
    if (r.exitCode !== 0) throw this.failure('output', r, []);
    const parsed = JSON.parse(text || '{}') as Record<string, { sensitive: boolean; value: unknown }>;
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, { sensitive: v.sensitive, value: v.value }]),
    ) as Record<string, OutputValue>;
  }

  private run(args: string[], onLine: (line: string) => void): Promise<RunResult> {
    return runTerraform({
      bin: this.bin,
      args,
      cwd: this.o.workDir,
      env: this.env(),
      onLine,
      interrupts: this.interrupts,
      onInterrupt: () =>
        this.o.log(`interrupt: asked terraform ${args[0]} to stop; waiting for it to finish and release the lock`),
    }).catch((cause: unknown) => {
      throw new TerraformError(127, '', `cannot run ${this.bin}: ${(cause as Error).message}`, {
        cause,
        hint: 'install Terraform >= 1.5 and put it on PATH',
      });
    });
  }

  private async stream(command: string, args: string[]): Promise<StreamState> {
    const s: StreamState = { diagnostics: [], changes: [], summary: undefined };
    const r = await this.run(args, (line) => {
      const m = decodeUiLine(line);
      if (!m) return;
      if (m.type === 'diagnostic') {
        s.diagnostics.push(m.diagnostic);
        this.o.log(formatDiagnostic(m.diagnostic, this.o.workDir));
        return;
      }
      if (m.type === 'planned_change') s.changes.push({ resource: m.change.resource, action: m.change.action });
      if (m.type === 'change_summary') s.summary = m.changes;
      const p = progressLine(m);
      if (p) this.o.log(p);
    });
    if (r.exitCode !== 0 || r.interrupted) throw this.failure(command, r, s.diagnostics);
    return s;
  }

  private failure(command: string, r: RunResult, diagnostics: readonly UiDiagnostic[]): TerraformError {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const text = [...errors.map((d) => `${d.summary}\n${d.detail}`), r.stderrTail].join('\n');
    const tail = r.stderrTail || errors.map((d) => formatDiagnostic(d, this.o.workDir)).join('\n');
    if (LOCK_ERROR.test(text)) {
      const id = lockIdOf(text);
      return new TerraformError(r.exitCode, tail, `terraform ${command}: the state is locked by another run`, {
        hint:
          `wait for the other ziem or terraform run to finish (ziem waited ${this.lockFlag.slice(14)}); if none is ` +
          `running any more, release the lock with: terraform -chdir=${this.o.workDir} force-unlock ${id ?? '<LOCK_ID>'}`,
      });
    }
    if (r.interrupted)
      return new TerraformError(r.exitCode, tail, `terraform ${command} was interrupted and stopped cleanly`, {
        hint: 'run the same command again to finish; the state lock has been released',
      });
    const first = errors[0];
    const what = first ? formatDiagnostic(first, this.o.workDir).split('\n')[0] : r.stderrTail.split('\n').pop();
    return new TerraformError(r.exitCode, tail, `terraform ${command} failed (exit ${r.exitCode}): ${what ?? ''}`, {
      hint:
        errors.length > 1
          ? `${errors.length} errors; the others are printed above`
          : 'see the diagnostics above; fix the cause and run again',
    });
  }
}
