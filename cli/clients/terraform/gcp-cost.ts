// An estimate of what a GCP sandbox costs per hour, shown before the confirmation: VMs by machine
// type, their boot disks, Cloud NAT and (mirroring) the collector's forwarding rule. Prices are
// on-demand list prices in USD for us-central1 from Google Cloud's pricing pages (Compute Engine
// "VM instance pricing", "Disk and image pricing", Cloud NAT and Cloud Load Balancing pricing),
// as read in 2024; other regions cost up to ~30 % more. An unknown machine type is reported, never
// priced at zero.
import type { GcpTfvars } from './gcp-tfvars.js';

export const PRICE_SOURCE =
  'Google Cloud list prices, us-central1, on demand, USD (cloud.google.com/compute/vm-instance-pricing, as read in 2024)';

export const MACHINE_USD_PER_HOUR: Readonly<Record<string, number>> = {
  'e2-micro': 0.0084,
  'e2-small': 0.0168,
  'e2-medium': 0.0335,
  'e2-standard-2': 0.067,
  'e2-standard-4': 0.134,
  'e2-standard-8': 0.268,
  'e2-standard-16': 0.536,
  'n2-standard-2': 0.0971,
  'n2-standard-4': 0.1942,
  'n2-standard-8': 0.3885,
  'n2d-standard-2': 0.0845,
  'n2d-standard-4': 0.169,
};

/** pd-balanced, $0.10 per GB-month, over Google's 730-hour month */
const DISK_USD_PER_GB_HOUR = 0.1 / 730;
/** Cloud NAT: $0.0014 per VM-hour served (the platform subnet: stack, collector) */
const NAT_USD_PER_VM_HOUR = 0.0014;
/** an internal forwarding rule, the first five of a project */
const FORWARDING_RULE_USD_PER_HOUR = 0.025;

export interface CostLine {
  readonly what: string;
  readonly count: number;
  readonly usdPerHour: number | undefined;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly usdPerHour: number;
  readonly unknown: readonly string[];
  readonly source: string;
}

export function estimateHourlyCost(
  v: Pick<GcpTfvars, 'hosts' | 'capture' | 'sandbox_machine_type' | 'stack_machine_type'> & {
    collector_machine_type?: string;
    disk_size_gb?: number;
    stack_disk_size_gb?: number;
  },
): CostEstimate {
  const mirroring = v.capture === 'mirroring';
  const machines: Array<[string, string, number]> = [
    ['sandbox VM', v.sandbox_machine_type, v.hosts.length],
    ['stack VM', v.stack_machine_type, 1],
    ...(mirroring
      ? ([['collector VM', v.collector_machine_type ?? 'e2-medium', 1]] as Array<[string, string, number]>)
      : []),
  ];
  const lines: CostLine[] = machines.map(([what, type, count]) => ({
    what: `${what} ${type}`,
    count,
    usdPerHour: MACHINE_USD_PER_HOUR[type] === undefined ? undefined : MACHINE_USD_PER_HOUR[type] * count,
  }));
  const diskGb = (v.disk_size_gb ?? 20) * (v.hosts.length + (mirroring ? 1 : 0)) + (v.stack_disk_size_gb ?? 50);
  lines.push({ what: `boot disks, ${diskGb} GB pd-balanced`, count: 1, usdPerHour: diskGb * DISK_USD_PER_GB_HOUR });
  lines.push({ what: 'Cloud NAT', count: 1, usdPerHour: NAT_USD_PER_VM_HOUR * (mirroring ? 2 : 1) });
  if (mirroring) lines.push({ what: 'mirroring forwarding rule', count: 1, usdPerHour: FORWARDING_RULE_USD_PER_HOUR });
  const unknown = machines.filter(([, type]) => MACHINE_USD_PER_HOUR[type] === undefined).map(([, type]) => type);
  const usdPerHour = lines.reduce((sum, l) => sum + (l.usdPerHour ?? 0), 0);
  return { lines, usdPerHour, unknown, source: PRICE_SOURCE };
}
