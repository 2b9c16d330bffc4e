// `ziem deploy --target gcp --project P --region R --hosts … --capture …`: the flags override the
// configuration's gcp.project, gcp.region (and a zone in it), sandbox.hosts and gcp.capture for
// this run, checked by the same field rules as ziem.yaml, so a bad flag is the same clear error.
import { ConfigError } from '../../../core/errors/ziem-error.js';
import type { Context } from '../../context.js';
import { FIELDS } from '../../config/fields.js';
import { checkValue } from '../../config/validate-value.js';
import { ROLES } from '../../sandbox/layout.js';

export interface GcpFlags {
  project?: string;
  region?: string;
  hosts?: string;
  capture?: string;
}

function checked(path: string, flag: string, raw: string): string {
  const spec = FIELDS.find((f) => f.path === path);
  const r = spec ? checkValue(spec.type, raw) : { ok: true as const, value: raw };
  if (!r.ok) throw new ConfigError([`${flag} ${raw}: ${r.problem}`]);
  return String(r.value);
}

export function withGcpFlags(ctx: Context, f: GcpFlags): Context {
  if (!f.project && !f.region && !f.hosts && !f.capture) return ctx;
  const c = ctx.config;
  const gcp = { ...c.gcp };
  let hosts = c.sandbox.hosts;
  if (f.project) gcp.project = checked('gcp.project', '--project', f.project);
  if (f.region) {
    gcp.region = checked('gcp.region', '--region', f.region);
    // a zone of another region would be refused by Google: take zone b of the new region
    if (!gcp.zone.startsWith(`${gcp.region}-`)) gcp.zone = `${gcp.region}-b`;
  }
  if (f.capture) gcp.capture = checked('gcp.capture', '--capture', f.capture) as typeof gcp.capture;
  if (f.hosts) {
    hosts = f.hosts.split(',').map((h) => h.trim());
    const bad = hosts.filter((h) => !(ROLES as readonly string[]).includes(h));
    if (bad.length > 0 || hosts.length === 0)
      throw new ConfigError([
        `--hosts ${f.hosts}: roles must be among ${ROLES.join(', ')} (got ${bad.join(', ') || 'none'})`,
      ]);
  }
  const config = Object.freeze({ ...c, gcp, sandbox: { ...c.sandbox, hosts } });
  return { ...ctx, config };
}
