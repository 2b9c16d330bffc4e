// Decodes /api/graph's body (cli/ui/map-wire.ts writes it: one array per field, edges' ends as
// indices into the host list) into the page's MapData. Every column is checked (an array of the
// right length, indices in range) so a bad body fails here, naming the field and the entry, rather
// than as a missing node deep inside the renderer. Pure.
import { WINDOW_NAMES, type MapData, type MapEdge, type MapHost, type WindowName } from './types.js';

export const MAP_FORMAT = 'ziem-map-columns/1';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function column(where: string, parent: Obj, name: string, length: number | undefined): unknown[] {
  const v = parent[name];
  if (!Array.isArray(v)) throw new Error(`${where}.${name}: expected an array`);
  if (length !== undefined && v.length !== length)
    throw new Error(`${where}.${name}: ${v.length} entries, expected ${length} (one per entry of ${where})`);
  return v;
}

function check(ok: (x: unknown) => boolean, what: string, where: string, col: readonly unknown[]): void {
  for (let i = 0; i < col.length; i++)
    if (!ok(col[i])) throw new Error(`${where}[${i}]: ${JSON.stringify(col[i])} is not ${what}`);
}

const isNum = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
const isNumOrNull = (x: unknown): boolean => x === null || isNum(x);
const numOrNull = (v: unknown, where: string): number | null => {
  if (!isNumOrNull(v)) throw new Error(`${where}: ${JSON.stringify(v)} is not a number or null`);
  return v as number | null;
};

/** `where` names the body in errors (the request path). */
export function decodeMap(body: unknown, where = '/api/graph'): MapData {
  if (!isObj(body)) throw new Error(`${where}: expected a JSON object`);
  if (body['format'] !== MAP_FORMAT)
    throw new Error(`${where}: format ${JSON.stringify(body['format'])}, expected ${MAP_FORMAT} (reload the page)`);
  const w = body['window'];
  if (typeof w !== 'string' || !(WINDOW_NAMES as readonly string[]).includes(w))
    throw new Error(`${where}.window: ${JSON.stringify(w)} is not a window`);
  const h = body['hosts'];
  const e = body['edges'];
  if (!isObj(h)) throw new Error(`${where}.hosts: expected an object of columns`);
  if (!isObj(e)) throw new Error(`${where}.edges: expected an object of columns`);
  const hw = `${where}.hosts`;
  const ew = `${where}.edges`;
  const ip = column(hw, h, 'ip', undefined);
  const n = ip.length;
  check((x) => typeof x === 'string', 'an ip', `${hw}.ip`, ip);
  const name = column(hw, h, 'name', n);
  check((x) => x === null || typeof x === 'string', 'a name or null', `${hw}.name`, name);
  const internal = column(hw, h, 'internal', n);
  check((x) => x === 0 || x === 1, '0 or 1', `${hw}.internal`, internal);
  const hostNums = ['packets', 'bytes'].map((c) => column(hw, h, c, n));
  hostNums.forEach((col, k) => check(isNum, 'a number', `${hw}.${['packets', 'bytes'][k]}`, col));
  const seen = ['firstSeen', 'lastSeen'].map((c) => column(hw, h, c, n));
  seen.forEach((col, k) => check(isNumOrNull, 'a number or null', `${hw}.${['firstSeen', 'lastSeen'][k]}`, col));
  const source = column(ew, e, 'source', undefined);
  const m = source.length;
  const target = column(ew, e, 'target', m);
  const isIndex = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0 && (x as number) < n;
  check(isIndex, `an index into hosts.ip (${n} hosts)`, `${ew}.source`, source);
  check(isIndex, `an index into hosts.ip (${n} hosts)`, `${ew}.target`, target);
  const edgeNums = ['packets', 'bytes', 'ports'].map((c) => column(ew, e, c, m));
  edgeNums.forEach((col, k) => check(isNum, 'a number', `${ew}.${['packets', 'bytes', 'ports'][k]}`, col));
  const last = column(ew, e, 'lastSeen', m);
  check(isNumOrNull, 'a number or null', `${ew}.lastSeen`, last);

  const [packets, bytes] = hostNums as [number[], number[]];
  const [firstSeen, lastSeen] = seen as [(number | null)[], (number | null)[]];
  const hosts = new Array<MapHost>(n);
  for (let i = 0; i < n; i++)
    hosts[i] = {
      ip: ip[i] as string,
      name: name[i] as string | null,
      internal: internal[i] === 1,
      packets: packets[i]!,
      bytes: bytes[i]!,
      firstSeen: firstSeen[i]!,
      lastSeen: lastSeen[i]!,
    };
  const [ep, eb, eports] = edgeNums as [number[], number[], number[]];
  const edges = new Array<MapEdge>(m);
  for (let i = 0; i < m; i++)
    edges[i] = [
      ip[source[i] as number] as string,
      ip[target[i] as number] as string,
      ep[i]!,
      eb[i]!,
      eports[i]!,
      last[i] as number | null,
    ];
  return {
    window: w as WindowName,
    from: numOrNull(body['from'], `${where}.from`),
    to: numOrNull(body['to'], `${where}.to`),
    oldest: numOrNull(body['oldest'], `${where}.oldest`),
    newest: numOrNull(body['newest'], `${where}.newest`),
    hosts,
    edges,
  };
}
