// ziem's configuration to terraform/gcp's variables (terraform.tfvars.json). Pure: the same
// config always gives the same file, and a missing project is a ConfigError naming the field.
import type { Config } from '../../config/config.js';
import { ConfigError } from '../../../core/errors/ziem-error.js';
import { CAPTURE_FIELDS, platformPorts } from '../../sandbox/capture-fields.js';

export interface GcpTfvars {
  project: string;
  region: string;
  zone: string;
  sandbox_name: string;
  hosts: string[];
  capture: 'agent' | 'mirroring';
  capture_topic: string;
  capture_fields: string[];
  platform_ports: number[];
  capture_snaplen: number;
  capture_buffer_mb: number;
  capture_linger_ms: number;
  sandbox_machine_type: string;
  stack_machine_type: string;
  stack_bundle_path: string;
  stack_bundle_sha256: string;
  labels: Record<string, string>;
}

/** The variables of one sandbox; `bundle` is the stack VM's tarball (targets/gcp/stack-bundle.ts). */
export function gcpTfvars(c: Config, bundle: { path: string; sha256: string }): GcpTfvars {
  if (!c.gcp.project)
    throw new ConfigError(['field gcp.project: required for --target gcp (ziem.yaml gcp.project or ZIEM_GCP_PROJECT)']);
  return {
    project: c.gcp.project,
    region: c.gcp.region,
    zone: c.gcp.zone,
    sandbox_name: c.gcp.sandboxName,
    hosts: [...c.sandbox.hosts],
    capture: c.gcp.capture,
    capture_topic: c.capture.topic,
    capture_fields: [...CAPTURE_FIELDS],
    // the stack's ports as the compose file has them: the defaults, whatever the local ones are
    platform_ports: platformPorts(c),
    capture_snaplen: c.capture.snaplen,
    capture_buffer_mb: c.capture.bufferMb,
    capture_linger_ms: c.capture.lingerMs,
    sandbox_machine_type: c.gcp.sandboxMachineType,
    stack_machine_type: c.gcp.stackMachineType,
    stack_bundle_path: bundle.path,
    stack_bundle_sha256: bundle.sha256,
    labels: {},
  };
}
