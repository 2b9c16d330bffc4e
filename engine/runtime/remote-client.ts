// The HTTP side of remote functions: one TensorFlow Serving `POST /v1/models/<model>:predict` per
// call with `{"instances":[[...]]}`, reading the first prediction, or (a classify function)
// `:classify` with `{"examples":[{"features":[...]}]}`, reading the top [label, score]. Keep-alive agents cap the
// connections per function (pool.size); one deadline covers queueing and the call; a circuit
// breaker per function fails fast while a server keeps failing. Outcomes are returned, never thrown.
import http from 'node:http';
import https from 'node:https';
import type { RemoteCall, RemoteInvoker, RemoteOutcome } from '../exec/functions/remote-function.js';
import { endpointUrl, type RemoteFunctionSettings } from '../exec/functions/remote-settings.js';
import type { Value } from '../types/values.js';
import { CircuitBreaker } from './remote-breaker.js';

const MAX_BODY = 1 << 20;

interface Target {
  s: RemoteFunctionSettings;
  url: URL;
  agent: http.Agent;
  breaker: CircuitBreaker;
}

export interface HttpInvokerOptions {
  now?: () => number;
  /** Told once when a function's circuit opens (the server's log); never given the token. */
  log?: (msg: string) => void;
}

/** The first number of `predictions` (a flat list, or TF Serving's [[x]] for a one-output model). */
export function decodePrediction(body: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const preds = (parsed as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(preds) || preds.length === 0) return undefined;
  const first: unknown = Array.isArray(preds[0]) && preds[0].length === 1 ? preds[0][0] : preds[0];
  return typeof first === 'number' && Number.isFinite(first) ? first : undefined;
}

/** The request body; JSON numbers print the same as the Java UDF's doubles for finite values. */
export const encodeInstances = (features: number[]): string => `{"instances":[[${features.join(',')}]]}`;

/** A classify request of one example holding the whole vector as one float list. */
export const encodeExample = (features: number[]): string => `{"examples":[{"features":[${features.join(',')}]}]}`;

/** The top class of the first example of a classify `result`, as the STRUCT<LABEL, PROBABILITY> value. */
export function decodeClassification(body: string): { LABEL: string; PROBABILITY: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = (parsed as { result?: unknown } | null)?.result;
  const top: unknown = Array.isArray(result) && Array.isArray(result[0]) ? result[0][0] : undefined;
  if (!Array.isArray(top) || top.length !== 2) return undefined;
  const [label, score] = top as [unknown, unknown];
  return typeof label === 'string' && typeof score === 'number' && Number.isFinite(score)
    ? { LABEL: label, PROBABILITY: score }
    : undefined;
}

export class HttpRemoteInvoker implements RemoteInvoker {
  private readonly targets = new Map<string, Target>();
  private readonly log: (msg: string) => void;

  constructor(settings: RemoteFunctionSettings[], o: HttpInvokerOptions = {}) {
    const now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    for (const s of settings) {
      const url = new URL(endpointUrl(s));
      const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
      this.targets.set(s.name, {
        s,
        url,
        agent: new Agent({ keepAlive: true, maxSockets: s.poolSize }),
        breaker: new CircuitBreaker(s.breakerFailures, s.breakerCooldownMs, now),
      });
    }
  }

  async invoke(call: RemoteCall): Promise<RemoteOutcome> {
    const t = this.targets.get(call.fn);
    if (!t) return { value: null, problem: `no remote function ${call.fn} is configured` };
    const refused = t.breaker.refusal();
    if (refused !== undefined) return { value: null, problem: `${t.url.href}: ${refused}` };
    const r = await this.post(
      t,
      t.s.kind === 'classify' ? encodeExample(call.features) : encodeInstances(call.features),
    );
    if ('value' in r) {
      t.breaker.onSuccess();
      return r;
    }
    if (t.breaker.onFailure())
      this.log(
        `remote function ${call.fn}: ${t.url.href} failing (${r.problem}); returning null for ${t.s.breakerCooldownMs} ms`,
      );
    return { value: null, problem: `${t.url.href}: ${r.problem}` };
  }

  private post(t: Target, body: string): Promise<Answer> {
    return new Promise((resolve) => {
      const headers: Record<string, string | number> = {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      };
      if (t.s.token !== '') headers['Authorization'] = `Bearer ${t.s.token}`;
      const lib = t.url.protocol === 'https:' ? https : http;
      let settled = false;
      const done = (r: Answer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = lib.request(t.url, { method: 'POST', agent: t.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) return void req.destroy(new Error(`response larger than ${MAX_BODY} bytes`));
          chunks.push(c);
        });
        res.on('end', () => done(outcome(t.s, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err) => done({ problem: err.message }));
      });
      // one deadline for waiting on a pooled connection, connecting, and the answer (the Java UDF's timeout.ms)
      const timer = setTimeout(() => {
        done({ problem: `no answer within ${t.s.timeoutMs} ms (timeout.ms)` });
        req.destroy();
      }, t.s.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) =>
        done({ problem: err.code ? `${err.code} ${err.message}` : err.message }),
      );
      req.end(body);
    });
  }

  close(): void {
    for (const t of this.targets.values()) t.agent.destroy();
  }
}

type Answer = { value: Exclude<Value, null> } | { problem: string };

function outcome(s: RemoteFunctionSettings, status: number, body: string): Answer {
  if (status !== 200) {
    let detail = '';
    try {
      const e = (JSON.parse(body) as { error?: unknown }).error;
      if (typeof e === 'string') detail = `: ${e.slice(0, 200)}`;
    } catch {
      // not JSON: the status alone says enough
    }
    return { problem: `HTTP ${status}${detail}` };
  }
  const v = s.kind === 'classify' ? decodeClassification(body) : decodePrediction(body);
  return v === undefined
    ? { problem: `no ${s.kind === 'classify' ? 'classification' : 'prediction'} in the response` }
    : { value: v };
}
