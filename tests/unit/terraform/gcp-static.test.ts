// terraform/gcp checked offline (no provider can be downloaded here, so `terraform validate`
// cannot run): parsed with HashiCorp's HCL parser (@cdktf/hcl2json) and checked for typed,
// described variables, declared references, no external IPs, the sandbox egress deny, SSH from
// IAP only, no internet-wide ingress, NAT closed to the sandbox subnet, and the stack bundle's
// bucket private, read by the stack VM's own service account alone. Each check also runs on
// a broken copy of the module, to show that it catches what it is for.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  externalIps,
  natOpenToSandbox,
  openIngress,
  sandboxEgressProblems,
  sandboxTags,
  sshNotOnlyFromIap,
  undeclaredReferences,
  unlabelled,
  untypedVariables,
} from './gcp-checks.js';
import { loadModules, type TfModule } from './hcl-modules.js';

const MODULE = join(import.meta.dirname, '../../../terraform/gcp');
const LABELLED = [
  'google_compute_instance',
  'google_compute_instance_template',
  'google_compute_instance_from_template',
  'google_compute_address',
  'google_compute_forwarding_rule',
  'google_storage_bucket',
];

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of terraform/gcp with `from` replaced by `to` in one file. */
async function broken(file: string, from: string | RegExp, to: string): Promise<TfModule[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-tf-'));
  scratch.push(dir);
  cpSync(MODULE, join(dir, 'gcp'), { recursive: true });
  const path = join(dir, 'gcp', file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  expect(changed, `the mutation of ${file} must change it`).not.toBe(text);
  writeFileSync(path, changed);
  return loadModules(join(dir, 'gcp'));
}

describe('terraform/gcp, parsed offline', async () => {
  const mods = await loadModules(MODULE);

  it('reads the root module and its four modules', () => {
    expect(mods.map((m) => m.key).sort()).toEqual(['mirroring', 'network', 'root', 'sandbox', 'stack']);
    expect(mods.find((m) => m.key === 'root')!.blocks.filter((b) => b.kind === 'variable').length).toBeGreaterThan(20);
  });

  it('types and describes every variable', async () => {
    expect(untypedVariables(mods)).toEqual([]);
    const bad = await broken(
      'modules/network/variables.tf',
      /  type        = number\n  description = "MTU of the VPC."\n/,
      '',
    );
    expect(untypedVariables(bad)).toEqual([
      'gcp/modules/network/variables.tf:21: variable network_mtu has no type',
      'gcp/modules/network/variables.tf:21: variable network_mtu has no description',
    ]);
  });

  it('declares everything it references, and calls modules with their variables', async () => {
    expect(await undeclaredReferences(mods)).toEqual([]);
    const bad = await broken('modules/sandbox/main.tf', 'var.vxlan_vni', 'var.vxlan_id');
    expect(await undeclaredReferences(bad)).toEqual([
      expect.stringMatching(
        /^gcp\/modules\/sandbox\/main\.tf:\d+: local common_metadata value: var\.vxlan_id: no such variable$/,
      ),
    ]);
    const badOutput = await broken(
      'main.tf',
      'module.network.sandbox_subnet_self_link',
      'module.network.sandbox_subnet',
    );
    expect((await undeclaredReferences(badOutput)).join('\n')).toContain('module network has no output sandbox_subnet');
    const badArg = await broken('main.tf', '  vxlan_vni        = var.vxlan_vni\n', '');
    expect((await undeclaredReferences(badArg)).join('\n')).toContain('required variable vxlan_vni is not passed');
  });

  it('gives no VM an external IP', async () => {
    expect(externalIps(mods)).toEqual([]);
    const bad = await broken(
      'modules/sandbox/main.tf',
      '    network_ip = google_compute_address.sandbox[each.key].address\n',
      '    network_ip = google_compute_address.sandbox[each.key].address\n    access_config {}\n',
    );
    expect(externalIps(bad)).toEqual([
      expect.stringMatching(/google_compute_instance_from_template\.sandbox has an access_config/),
    ]);
  });

  it('denies sandbox VMs every egress but the overlay to each other and the stack VM', async () => {
    // the VMs from the template inherit its tags
    expect(sandboxTags(mods)).toEqual(['ziem-${var.sandbox_name}-sandbox']);
    expect(sandboxEgressProblems(mods)).toEqual([]);
    const noDeny = await broken(
      'modules/network/main.tf',
      /  deny \{\n    protocol = "all"\n  \}\n/,
      '  allow {\n    protocol = "icmp"\n  }\n',
    );
    expect(sandboxEgressProblems(noDeny)).toEqual([expect.stringMatching(/^no egress rule denies all traffic/)]);
    const leak = await broken(
      'modules/network/main.tf',
      'destination_ranges = ["${var.stack_ip}/32"]',
      'destination_ranges = ["8.8.8.8/32"]',
    );
    expect(sandboxEgressProblems(leak)).toEqual([
      expect.stringMatching(/sandbox_egress_stack lets sandbox VMs reach 8\.8\.8\.8\/32/),
    ]);
  });

  it('lets SSH in from IAP only, and nothing in from the whole internet', async () => {
    expect(sshNotOnlyFromIap(mods)).toEqual([]);
    expect(openIngress(mods)).toEqual([]);
    const open = await broken(
      'modules/network/main.tf',
      'source_ranges = [var.iap_range]',
      'source_ranges = ["0.0.0.0/0"]',
    );
    expect(sshNotOnlyFromIap(open)).toEqual([expect.stringMatching(/iap_ssh allows SSH from 0\.0\.0\.0\/0$/)]);
    expect(openIngress(open)).toEqual([expect.stringMatching(/iap_ssh allows ingress from 0\.0\.0\.0\/0$/)]);
    const vxlanAll = await broken(
      'modules/network/main.tf',
      /protocol = "udp"\n    ports    = \["4789"\]/,
      'protocol = "all"',
    );
    expect(sshNotOnlyFromIap(vxlanAll)).toEqual([
      expect.stringMatching(/google_compute_firewall\.vxlan allows SSH from/),
    ]);
  });

  it('keeps Cloud NAT to the platform subnet', async () => {
    expect(natOpenToSandbox(mods)).toEqual([]);
    const bad = await broken('modules/network/main.tf', '"LIST_OF_SUBNETWORKS"', '"ALL_SUBNETWORKS_ALL_IP_RANGES"');
    expect(natOpenToSandbox(bad)).toEqual([expect.stringMatching(/serves every subnet/)]);
  });

  it('sets every metadata key the VM script requires', () => {
    const script = readFileSync(join(MODULE, 'scripts/ziem-vm.sh'), 'utf8');
    const required = [...script.matchAll(/required \+?= \[([^\]]+)\]/g)].flatMap((m) =>
      [...m[1]!.matchAll(/"(ziem-[a-z-]+)"/g)].map((k) => k[1]!),
    );
    expect(required).toContain('ziem-peers');
    const tf = ['main.tf', 'modules/sandbox/main.tf'].map((f) => readFileSync(join(MODULE, f), 'utf8')).join('\n');
    const set = new Set([...tf.matchAll(/"(ziem-[a-z-]+)"\s*=/g)].map((m) => m[1]));
    expect(required.filter((k) => !set.has(k))).toEqual([]);
  });

  it("keeps the stack bundle's bucket private, read only by the stack VM's service account", () => {
    const stack = mods.find((m) => m.key === 'stack')!;
    const res = (type: string) => stack.blocks.filter((b) => b.kind === 'resource' && b.type === type);
    const [bucket] = res('google_storage_bucket');
    expect(bucket?.body).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: 'enforced' });
    const members = res('google_storage_bucket_iam_member').map((b) => [b.body['role'], b.body['member']]);
    expect(members).toEqual([
      ['roles/storage.objectViewer', '${google_service_account.stack.email}'.replace(/^/, 'serviceAccount:')],
    ]);
    const [vm] = res('google_compute_instance');
    expect(JSON.stringify(vm?.body['service_account'])).toContain('devstorage.read_only');
    expect(JSON.stringify(vm?.body['service_account'])).not.toContain('cloud-platform');
    expect(JSON.stringify(vm?.body['metadata'])).toContain('ziem-stack-bundle');
  });

  it('labels every resource that takes labels', async () => {
    expect(unlabelled(mods, LABELLED)).toEqual([]);
    const bad = await broken(
      'modules/stack/main.tf',
      '  labels       = merge(var.labels, { "ziem-role" = "stack" })\n\n  boot_disk',
      '  boot_disk',
    );
    expect(unlabelled(bad, LABELLED)).toEqual([expect.stringMatching(/google_compute_instance\.stack has no labels/)]);
  });
});
