// Waiting for the stack VM's services: Terraform is done when the VM exists, but its startup
// script still installs Docker and brings compose/ up, which takes minutes. A service is up when
// an HTTP GET through its tunnel answers with a status below 500.
import { TimeoutError } from '../../../core/errors/ziem-error.js';

export async function httpAnswers(url: string, timeoutMs = 5_000): Promise<number | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await r.body?.cancel();
    return r.status;
  } catch {
    return undefined;
  }
}

export async function waitForHttp(
  what: string,
  url: string,
  o: { timeoutMs: number; log: (m: string) => void; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  let said = false;
  for (;;) {
    const status = await httpAnswers(url);
    if (status !== undefined && status < 500) return;
    if (Date.now() > deadline)
      throw new TimeoutError(`${what} did not answer at ${url} within ${Math.round(o.timeoutMs / 1000)} s`, {
        hint: 'the stack VM may still be starting: see `gcloud compute instances get-serial-port-output` of it, then deploy again',
      });
    if (!said) o.log(`gcp: waiting for ${what} on the stack VM (its startup script brings compose/ up)`);
    said = true;
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 2_000));
  }
}
