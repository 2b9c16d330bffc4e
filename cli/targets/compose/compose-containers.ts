// What runs of the compose project: `ps -a -q` (the project's container ids, in v1 and v2 alike)
// then `docker inspect` (the engine's JSON) for each container's compose service, state and health.
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { dockerInspect, runCompose, type ComposeProject } from './compose-cli.js';

export interface ServiceState {
  service: string;
  /** running and, when the service has a healthcheck, healthy */
  healthy: boolean;
  detail: string;
}

interface Inspected {
  Name?: string;
  State?: { Status?: string; Running?: boolean; Health?: { Status?: string } };
  Config?: { Labels?: Record<string, string> };
}

/** Decodes `docker inspect`'s array into one state per compose service. */
export function parseInspect(json: string): ServiceState[] {
  let items: Inspected[];
  try {
    items = JSON.parse(json) as Inspected[];
  } catch (err) {
    throw new ZiemError('COMPOSE_FAILED', `docker inspect printed something other than JSON: ${json.slice(0, 200)}`, {
      cause: err,
    });
  }
  return items.map((c) => {
    const service = c.Config?.Labels?.['com.docker.compose.service'] ?? (c.Name ?? '?').replace(/^\//, '');
    const status = c.State?.Status ?? 'unknown';
    const health = c.State?.Health?.Status;
    const healthy = c.State?.Running === true && (health === undefined || health === 'healthy');
    return { service, healthy, detail: health ? `${status}, ${health}` : status };
  });
}

export async function projectContainers(
  p: ComposeProject,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ServiceState[]> {
  const ids = (await runCompose(p, ['ps', '-a', '-q'], env, 60_000))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return parseInspect(await dockerInspect(ids, env));
}
