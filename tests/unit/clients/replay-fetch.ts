// A fetch that replays recorded HTTP exchanges in order. It fails on a request it does not
// expect, and assertAllUsed() fails when a recorded exchange was never requested.
export interface Exchange {
  method: string;
  path: string;
  status: number;
  body: string | object;
  /** Optional check on the request body. */
  expectBody?: (body: string) => void;
}

export interface ReplayFetch {
  fetch: typeof fetch;
  requests: Array<{ method: string; path: string; body: string; headers: Record<string, string> }>;
  assertAllUsed(): void;
}

export function replayFetch(exchanges: Exchange[]): ReplayFetch {
  const queue = [...exchanges];
  const requests: ReplayFetch['requests'] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? init.body : '';
    requests.push({ method, path: url.pathname, body, headers: (init?.headers ?? {}) as Record<string, string> });
    const next = queue.shift();
    if (!next) throw new Error(`unexpected request ${method} ${url.pathname}: no recorded exchange left`);
    if (next.method !== method || next.path !== url.pathname)
      throw new Error(`unexpected request ${method} ${url.pathname}: recorded ${next.method} ${next.path}`);
    next.expectBody?.(body);
    return new Response(typeof next.body === 'string' ? next.body : JSON.stringify(next.body), { status: next.status });
  };
  return {
    fetch: fake as typeof fetch,
    requests,
    assertAllUsed: () => {
      if (queue.length > 0)
        throw new Error(`recorded exchanges never requested: ${queue.map((e) => `${e.method} ${e.path}`).join(', ')}`);
    },
  };
}
