// The pure half of `ziem connectors apply`: desired configs (as written, placeholders and all)
// against the live configs Connect reports → one step per connector (create, update, unchanged) with the keys that
// differ. Values shown in a step are masked where they may hold a secret; the I/O lives in apply.ts.
import { REDACTED } from '../../core/secret.js';

export interface DesiredConnector {
  name: string;
  source: string;
  /**
   * As written in the file, placeholders unresolved, plus `name` (Connect stores it too): what is
   * sent to Connect and compared with what it stores. The worker resolves `${env:…}`/`${file:…}`
   * itself with its config providers, so no secret reaches Connect's REST API or config topic.
   */
  raw: Readonly<Record<string, string>>;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One differing key; `from`/`to` are display values, already masked where sensitive. */
export interface KeyChange {
  key: string;
  kind: ChangeKind;
  from?: string;
  to?: string;
}

export interface PlanStep {
  name: string;
  source: string;
  action: 'create' | 'update' | 'unchanged';
  changes: KeyChange[];
}

export interface ConnectorPlan {
  steps: PlanStep[];
  /** Live connectors no file describes: apply leaves them alone. */
  unmanaged: string[];
}

const PLACEHOLDER = /\$\{(env|file):[^}]*\}/;
/** Keys whose values are credentials by the naming habits of Kafka and its connectors. */
const SENSITIVE_KEY = /password|secret|token|credential|sasl\.jaas\.config|(^|[._-])key$/i;

export function isSensitive(key: string, raw: string | undefined): boolean {
  return SENSITIVE_KEY.test(key) || (raw !== undefined && PLACEHOLDER.test(raw));
}

/** The desired value as written (a placeholder names its source, not the secret). */
function shownDesired(key: string, raw: string | undefined): string {
  if (raw !== undefined && PLACEHOLDER.test(raw)) return raw;
  return SENSITIVE_KEY.test(key) ? REDACTED : (raw ?? '');
}

function shownLive(key: string, raw: string | undefined, live: string): string {
  return isSensitive(key, raw) ? REDACTED : live;
}

export function diffConfig(d: DesiredConnector, live: Readonly<Record<string, string>>): KeyChange[] {
  const changes: KeyChange[] = [];
  const keys = [...new Set([...Object.keys(d.raw), ...Object.keys(live)])].sort();
  for (const key of keys) {
    const want = d.raw[key];
    const have = live[key];
    if (want === have) continue;
    if (have === undefined) changes.push({ key, kind: 'added', to: shownDesired(key, want) });
    else if (want === undefined) changes.push({ key, kind: 'removed', from: shownLive(key, undefined, have) });
    else changes.push({ key, kind: 'changed', from: shownLive(key, want, have), to: shownDesired(key, want) });
  }
  return changes;
}

/** `live` maps each deployed connector's name to its stored config. */
export function planConnectors(
  desired: readonly DesiredConnector[],
  live: ReadonlyMap<string, Readonly<Record<string, string>>>,
): ConnectorPlan {
  const steps = desired.map((d): PlanStep => {
    const current = live.get(d.name);
    if (current === undefined) return { name: d.name, source: d.source, action: 'create', changes: diffConfig(d, {}) };
    const changes = diffConfig(d, current);
    return { name: d.name, source: d.source, action: changes.length === 0 ? 'unchanged' : 'update', changes };
  });
  const managed = new Set(desired.map((d) => d.name));
  const unmanaged = [...live.keys()].filter((n) => !managed.has(n)).sort();
  return { steps, unmanaged };
}

const SIGN: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };

function changeLine(c: KeyChange): string {
  if (c.kind === 'added') return `    + ${c.key} = ${c.to}`;
  if (c.kind === 'removed') return `    - ${c.key} (was ${c.from})`;
  return `    ${SIGN[c.kind]} ${c.key}: ${c.from} → ${c.to}`;
}

/** The plan as `--dry-run` prints it; the caller still passes it through redact(). */
export function renderPlan(plan: ConnectorPlan): string {
  const lines: string[] = [];
  for (const s of plan.steps) {
    lines.push(`${s.action.padEnd(9)} ${s.name} (${s.source})`);
    if (s.action !== 'unchanged') for (const c of s.changes) lines.push(changeLine(c));
  }
  for (const n of plan.unmanaged) lines.push(`unmanaged ${n} (no file describes it; apply leaves it alone)`);
  const todo = plan.steps.filter((s) => s.action !== 'unchanged').length;
  lines.push(
    todo === 0
      ? 'nothing to apply: every connector is up to date'
      : `${todo} of ${plan.steps.length} connectors would change`,
  );
  return lines.join('\n');
}
