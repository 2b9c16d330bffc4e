// Reads a Terraform root module and the local modules it calls with @cdktf/hcl2json (HashiCorp's
// HCL parser compiled to wasm: offline, no provider needed), into blocks that name their file and
// line, plus a resolver that follows var./local. references across module calls, so the static
// checks compare what a firewall rule and a VM really get, not the names in between.
import { getReferencesInExpression, parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Body = { [k: string]: Json };

export interface Block {
  readonly kind: 'variable' | 'output' | 'resource' | 'data' | 'module' | 'local';
  /** resource and data: the type; others: '' */
  readonly type: string;
  readonly name: string;
  readonly body: Body;
  /** file:line of the block's header, relative to the root module's parent */
  readonly where: string;
}

export interface TfModule {
  /** 'root' or the module call's name */
  readonly key: string;
  readonly dir: string;
  readonly blocks: readonly Block[];
  /** the call that instantiates this module (undefined for the root) */
  readonly call: { readonly parent: TfModule; readonly block: Block } | undefined;
}

const HEADER: Record<Block['kind'], (type: string, name: string) => RegExp> = {
  variable: (_t, n) => new RegExp(`^variable\\s+"${n}"`, 'm'),
  output: (_t, n) => new RegExp(`^output\\s+"${n}"`, 'm'),
  resource: (t, n) => new RegExp(`^resource\\s+"${t}"\\s+"${n}"`, 'm'),
  data: (t, n) => new RegExp(`^data\\s+"${t}"\\s+"${n}"`, 'm'),
  module: (_t, n) => new RegExp(`^module\\s+"${n}"`, 'm'),
  local: (_t, n) => new RegExp(`^\\s+${n}\\s*=`, 'm'),
};

function lineOf(text: string, re: RegExp): number {
  const m = re.exec(text);
  return m ? text.slice(0, m.index + m[0].search(/\S/)).split('\n').length : 1;
}

const first = (v: Json): Body => (Array.isArray(v) ? (v[0] as Body) : (v as Body));

async function readModule(dir: string, base: string): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.tf'))) {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');
    const doc = (await parse(path, text)) as Record<string, Json>;
    const where = (kind: Block['kind'], type: string, name: string): string =>
      `${relative(base, path)}:${lineOf(text, HEADER[kind](type, name))}`;
    for (const [name, v] of Object.entries((doc['variable'] ?? {}) as Body))
      blocks.push({ kind: 'variable', type: '', name, body: first(v), where: where('variable', '', name) });
    for (const [name, v] of Object.entries((doc['output'] ?? {}) as Body))
      blocks.push({ kind: 'output', type: '', name, body: first(v), where: where('output', '', name) });
    for (const [name, v] of Object.entries((doc['module'] ?? {}) as Body))
      blocks.push({ kind: 'module', type: '', name, body: first(v), where: where('module', '', name) });
    for (const kind of ['resource', 'data'] as const)
      for (const [type, byName] of Object.entries((doc[kind] ?? {}) as Body))
        for (const [name, v] of Object.entries(byName as Body))
          blocks.push({ kind, type, name, body: first(v), where: where(kind, type, name) });
    for (const locals of (doc['locals'] ?? []) as Body[])
      for (const [name, v] of Object.entries(locals))
        blocks.push({ kind: 'local', type: '', name, body: { value: v }, where: where('local', '', name) });
  }
  return blocks;
}

/** The root module at `dir` and every local module it calls (by call name), root first. */
export async function loadModules(dir: string): Promise<TfModule[]> {
  const base = resolve(dir, '..');
  const root: TfModule = { key: 'root', dir: resolve(dir), blocks: await readModule(dir, base), call: undefined };
  const out = [root];
  for (const b of root.blocks.filter((x) => x.kind === 'module')) {
    const src = String(b.body['source']);
    if (!src.startsWith('./')) continue;
    const child = resolve(dir, src);
    out.push({ key: b.name, dir: child, blocks: await readModule(child, base), call: { parent: root, block: b } });
  }
  return out;
}

export const find = (m: TfModule, kind: Block['kind'], name: string, type = ''): Block | undefined =>
  m.blocks.find((b) => b.kind === kind && b.name === name && b.type === type);

const TOSTRING_REF = /^\$\{tostring\(([a-z_][a-z0-9_]*(?:\.[a-z0-9_-]+)+)\)\}$/i;
const PURE_REF = /^\$\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_-]+)+)\}$/i;

function walk(v: Json | undefined, path: string[]): Json | undefined {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/**
 * A value with every whole-value `${var.x}` / `${local.x.y}` replaced by what it stands for:
 * a module variable by its call's argument (in the caller's scope), a root variable by its
 * default, a local by its value. Anything else (functions, interpolation) is left as written.
 */
export function resolveValue(m: TfModule, v: Json | undefined, depth = 0): Json | undefined {
  if (depth > 20 || v === undefined) return v;
  if (Array.isArray(v)) return v.map((x) => resolveValue(m, x, depth + 1) ?? null);
  if (typeof v !== 'string') return v;
  // tostring() of a reference: the referenced value, as text (ports are often written so)
  const str = TOSTRING_REF.exec(v);
  if (str) {
    const inner = resolveValue(m, `\${${str[1]}}`, depth + 1);
    return typeof inner === 'number' || typeof inner === 'boolean' ? String(inner) : v;
  }
  const ref = PURE_REF.exec(v);
  if (!ref) return interpolate(m, v, depth);
  const [ns, name, ...rest] = ref[1]!.split('.');
  let target: Json | undefined;
  let scope: TfModule = m;
  if (ns === 'var') {
    if (m.call) {
      target = m.call.block.body[name!];
      scope = m.call.parent;
    } else {
      target = find(m, 'variable', name!)?.body['default'];
    }
  } else if (ns === 'local') {
    target = find(m, 'local', name!)?.body['value'];
  } else {
    return v;
  }
  if (target === undefined) return v;
  const resolved = resolveValue(scope, target, depth + 1);
  return rest.length === 0 ? resolved : resolveValue(scope, walk(resolved, rest), depth + 1);
}

/** A template's `${ref}` parts replaced by what they resolve to, where that is text or a number. */
function interpolate(m: TfModule, v: string, depth: number): string {
  return v.replace(/\$\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_-]+)+)\}/gi, (whole) => {
    const r = resolveValue(m, whole, depth + 1);
    return typeof r === 'string' || typeof r === 'number' ? String(r) : whole;
  });
}

/** Every string in a block body, with the dotted path that leads to it. */
export function strings(v: Json, at = ''): Array<{ at: string; text: string }> {
  if (typeof v === 'string') return [{ at, text: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${at}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => strings(x, at ? `${at}.${k}` : k));
  return [];
}

/** The references in one HCL expression string (`${...}` parts), e.g. "var.region", "module.network.x". */
export async function referencesIn(text: string): Promise<string[]> {
  if (!text.includes('${')) return [];
  const refs = await getReferencesInExpression('expression.tf', text);
  return refs.map((r) => r.value);
}

/** Names a for expression binds (`for i, r in ...`), which are references to nothing declared. */
export function loopVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\bfor\s+([a-z_][a-z0-9_]*)(?:\s*,\s*([a-z_][a-z0-9_]*))?\s+in\b/gi)) {
    names.add(m[1]!);
    if (m[2]) names.add(m[2]);
  }
  return names;
}
