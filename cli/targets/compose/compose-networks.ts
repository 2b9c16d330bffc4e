// The compose file's two networks: `platform`, where the services reach each other, and `sandbox`,
// the sandbox hosts' own network with the configured CIDR and no route out (internal). Kafka is the
// one platform service on both: the capture agents beside the sandbox hosts write to it there.
import type { Config } from '../../config/config.js';
import { SandboxError } from '../../sandbox/errors.js';
import { broadcastOf, formatIpv4, parseCidr } from '../../sandbox/ipv4.js';

export const PLATFORM_NET = 'platform';
export const SANDBOX_NET = 'sandbox';
/** Kafka's listener on the sandbox network (the capture filter leaves it out). */
export const KAFKA_SANDBOX_PORT = 29094;

/** Kafka on the sandbox network: the last usable address (hosts count up from .2, .1 is Docker's gateway). */
export function kafkaSandboxAddress(c: Config): string {
  const cidr = parseCidr(c.sandbox.cidr);
  if (!cidr) throw new SandboxError('SANDBOX_CIDR', `sandbox.cidr: "${c.sandbox.cidr}" is not an IPv4 CIDR`);
  return formatIpv4(broadcastOf(cidr) - 1);
}

export function networks(c: Config): Record<string, unknown> {
  return {
    [PLATFORM_NET]: {},
    [SANDBOX_NET]: { internal: true, ipam: { config: [{ subnet: c.sandbox.cidr }] } },
  };
}
