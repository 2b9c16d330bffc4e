// Converts one raw value (from YAML, an environment variable or a flag) to its typed form, or
// returns the problem. Out-of-range values are errors, never clamped.
import type { FieldType } from './fields.js';

export type Checked = { ok: true; value: string | number | boolean } | { ok: false; problem: string };

const ok = (value: string | number | boolean): Checked => ({ ok: true, value });
const bad = (problem: string): Checked => ({ ok: false, problem });

function toInt(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

export function isCidr(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

export function checkValue(type: FieldType, raw: unknown): Checked {
  switch (type.kind) {
    case 'port': {
      const n = toInt(raw);
      if (n === undefined) return bad(`expected a port number, got ${JSON.stringify(raw)}`);
      return n >= 1 && n <= 65535 ? ok(n) : bad(`port ${n} is out of range 1-65535`);
    }
    case 'int': {
      const n = toInt(raw);
      if (n === undefined) return bad(`expected an integer, got ${JSON.stringify(raw)}`);
      return n >= type.min && n <= type.max ? ok(n) : bad(`${n} is out of range ${type.min}-${type.max}`);
    }
    case 'bool':
      if (typeof raw === 'boolean') return ok(raw);
      if (raw === 'true' || raw === 'false') return ok(raw === 'true');
      return bad(`expected true or false, got ${JSON.stringify(raw)}`);
    case 'enum':
      return typeof raw === 'string' && type.values.includes(raw)
        ? ok(raw)
        : bad(`expected one of ${type.values.join(', ')}, got ${JSON.stringify(raw)}`);
    case 'url': {
      if (typeof raw !== 'string') return bad(`expected a URL, got ${JSON.stringify(raw)}`);
      try {
        const u = new URL(raw);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return bad(`expected an http(s) URL, got ${raw}`);
        return ok(raw.replace(/\/+$/, ''));
      } catch {
        return bad(`expected a URL, got ${JSON.stringify(raw)}`);
      }
    }
    case 'cidr':
      return typeof raw === 'string' && isCidr(raw)
        ? ok(raw)
        : bad(`expected an IPv4 CIDR like 10.77.0.0/24, got ${JSON.stringify(raw)}`);
    case 'string':
      if (typeof raw !== 'string' && typeof raw !== 'number')
        return bad(`expected a string, got ${JSON.stringify(raw)}`);
      if (type.pattern && !type.pattern.test(String(raw)))
        return bad(`expected ${type.patternHint ?? type.pattern.source}, got ${JSON.stringify(raw)}`);
      return ok(String(raw));
  }
}
