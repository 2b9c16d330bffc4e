// The resolved config handed to the processes ziem starts itself (the engine server, the capture
// agent, the model server) as ZIEM_* variables, so a child sees exactly the parent's settings whether
// they came from ziem.yaml, the environment or flags. Secrets are not config fields and stay out of it.
import type { Config } from '../config/config.js';
import { FIELDS, envNameFor } from '../config/fields.js';

function valueAt(config: Config, path: string): unknown {
  let v: unknown = config;
  for (const part of path.split('.'))
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

export function configEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = valueAt(config, f.path);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') env[envNameFor(f.path)] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) env[envNameFor(f.path)] = v.join(',');
  }
  return env;
}
