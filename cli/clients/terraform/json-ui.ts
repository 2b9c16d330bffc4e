// Terraform's machine-readable UI (`plan -json`, `apply -json`, `destroy -json`): one JSON object
// per line. Decoding a line and rendering it for a person are pure functions: progress resource by
// resource, diagnostics as `file:line: summary`, the plan's change summary.

/**
 * One resource as the UI stream names it.
 * Spec: https://developer.hashicorp.com/terraform/internals/machine-readable-ui ("resource object").
 */
export interface UiResource {
  addr: string;
  module: string;
  resource_type: string;
  resource_name: string;
}

export interface UiHook {
  resource: UiResource;
  action?: string;
  elapsed_seconds?: number;
  id_key?: string;
  id_value?: string;
  provisioner?: string;
  output?: string;
}

export interface UiPosition {
  line: number;
  column: number;
}

/** Spec: the "diagnostic" message; range and snippet are absent for diagnostics not tied to a file. */
export interface UiDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  address?: string;
  range?: { filename: string; start: UiPosition; end: UiPosition };
  snippet?: { context: string | null; code: string; start_line: number };
}

export interface UiChangeSummary {
  add: number;
  change: number;
  import?: number;
  remove: number;
  operation: 'plan' | 'apply' | 'destroy';
}

export type UiMessage =
  | { type: 'version'; '@message': string; terraform: string; ui: string }
  | { type: 'log'; '@level': string; '@message': string }
  | { type: 'diagnostic'; '@message': string; diagnostic: UiDiagnostic }
  | { type: 'planned_change'; change: { resource: UiResource; action: string; reason?: string } }
  | { type: 'resource_drift'; change: { resource: UiResource; action: string } }
  | { type: 'change_summary'; '@message': string; changes: UiChangeSummary }
  | { type: 'outputs'; outputs: Record<string, { sensitive: boolean; type?: unknown; value?: unknown }> }
  | {
      type:
        | 'apply_start'
        | 'apply_progress'
        | 'apply_complete'
        | 'apply_errored'
        | 'provision_start'
        | 'provision_progress'
        | 'provision_complete'
        | 'provision_errored'
        | 'refresh_start'
        | 'refresh_complete';
      hook: UiHook;
    }
  | { type: 'unknown'; raw: string };

const HOOK_TYPES = new Set([
  'apply_start',
  'apply_progress',
  'apply_complete',
  'apply_errored',
  'provision_start',
  'provision_progress',
  'provision_complete',
  'provision_errored',
  'refresh_start',
  'refresh_complete',
]);

/** One line of the stream; anything that is not a known message comes back as `unknown`, never thrown. */
export function decodeUiLine(line: string): UiMessage | undefined {
  const t = line.trim();
  if (!t) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(t) as Record<string, unknown>;
  } catch {
    return { type: 'unknown', raw: t };
  }
  const type = o['type'];
  if (typeof type !== 'string') return { type: 'unknown', raw: t };
  if (HOOK_TYPES.has(type) && typeof o['hook'] === 'object') return o as unknown as UiMessage;
  if (['version', 'log', 'diagnostic', 'planned_change', 'resource_drift', 'change_summary', 'outputs'].includes(type))
    return o as unknown as UiMessage;
  return { type: 'unknown', raw: t };
}

/** `main.tf:12: Error: summary` (+ detail), or without a place when Terraform gives none. */
export function formatDiagnostic(d: UiDiagnostic, moduleDir?: string): string {
  const file = d.range ? (moduleDir ? `${moduleDir}/${d.range.filename}` : d.range.filename) : undefined;
  const where = file && d.range ? `${file}:${d.range.start.line}: ` : '';
  const what = `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}`;
  const addr = d.address ? ` (${d.address})` : '';
  const detail = d.detail.trim() ? `\n  ${d.detail.trim().replace(/\n/g, '\n  ')}` : '';
  return `${where}${what}${addr}${detail}`;
}

const VERB: Record<string, string> = {
  create: 'creating',
  update: 'updating',
  delete: 'destroying',
  replace: 'replacing',
  read: 'reading',
  noop: 'checking',
};

/** A progress line for a person, or undefined for messages that are not progress. */
export function progressLine(m: UiMessage): string | undefined {
  switch (m.type) {
    case 'planned_change':
      return `plan: ${m.change.action} ${m.change.resource.addr}`;
    case 'resource_drift':
      return `drift: ${m.change.resource.addr} changed outside Terraform (${m.change.action})`;
    case 'apply_start':
      return `${m.hook.resource.addr}: ${VERB[m.hook.action ?? ''] ?? m.hook.action}...`;
    case 'apply_progress':
      return `${m.hook.resource.addr}: still ${VERB[m.hook.action ?? ''] ?? m.hook.action} (${m.hook.elapsed_seconds ?? 0} s)`;
    case 'apply_complete': {
      const id = m.hook.id_value ? ` [${m.hook.id_key ?? 'id'}=${m.hook.id_value}]` : '';
      return `${m.hook.resource.addr}: ${m.hook.action ?? 'done'} complete after ${m.hook.elapsed_seconds ?? 0} s${id}`;
    }
    case 'apply_errored':
      return `${m.hook.resource.addr}: ${m.hook.action ?? 'apply'} FAILED after ${m.hook.elapsed_seconds ?? 0} s`;
    case 'provision_start':
      return `${m.hook.resource.addr}: provisioner ${m.hook.provisioner ?? ''} started`;
    case 'provision_progress':
      return m.hook.output ? `${m.hook.resource.addr}: ${m.hook.output}` : undefined;
    case 'provision_errored':
      return `${m.hook.resource.addr}: provisioner ${m.hook.provisioner ?? ''} FAILED`;
    case 'change_summary':
      return m['@message'];
    default:
      return undefined;
  }
}
