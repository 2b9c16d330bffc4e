// The GCP VMs' startup script (terraform/gcp/scripts/ziem-vm.sh), the very file GCP runs, run for
// real in network namespaces standing in for three VMs on a VPC subnet, with fake metadata in the
// metadata server's format: it must build the VXLAN overlay from the peer list (each VM booted
// before its peers exist), start the role's services on the overlay, and run the capture agent
// (dumpcap -> tshark EK with the agent's fields -> kcat) into a real Kafka broker, each packet
// once and without the platform's ports. Needs root.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_FIELDS, captureFilter } from '../../../cli/sandbox/capture-fields.js';
import { runTool } from '../../../cli/sandbox/run-tool.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { leftovers, readTopic, testNetwork } from '../sandbox/sandbox-fixture.js';
import { FakeVpc, type FakeVm } from './vm-fixture.js';

const TOPIC = 'gcp-vm-traffic';
let stack: TestStack;
let vpc: FakeVpc;
let dir: string;
let web: FakeVm;
let db: FakeVm;
let attacker: FakeVm;
const boots: Array<{ code: number; stderr: string }> = [];

interface Layers {
  ip_src?: string[];
  ip_dst?: string[];
  tcp_dstport?: string[];
  tcp_srcport?: string[];
  tcp_flags_syn?: string[];
  tcp_flags_ack?: string[];
  udp_srcport?: string[];
  udp_dstport?: string[];
}

const inNs = (vm: FakeVm, cmd: string, args: string[]) =>
  runTool('ip', ['netns', 'exec', vm.ns, cmd, ...args], { okCodes: [0, 1, 2, 7, 28], timeoutMs: 30_000 });

async function records(): Promise<Layers[]> {
  return (await readTopic(stack.bootstrap, TOPIC))
    .filter(([, v]) => v.startsWith('{'))
    .map(([, v]) => (JSON.parse(v) as { layers: Layers }).layers);
}

beforeAll(async () => {
  stack = await startTestStack({ components: ['kafka'] });
  const kafkaPort = stack.config.kafka.port;
  const { prefix, cidr } = testNetwork();
  dir = mkdtempSync(join(tmpdir(), 'ziem-gcp-vm-'));
  const n = Number(cidr.split('.')[2]);
  vpc = new FakeVpc(prefix, cidr, `10.200.${n}.0/24`, dir);
  await vpc.createBridge();
  web = await vpc.addVm('web', 'web');
  db = await vpc.addVm('db', 'db');
  attacker = await vpc.addVm('attacker', 'attacker');
  // what terraform/gcp puts in every VM's metadata (main.tf capture_metadata, sandbox module)
  vpc.writeMetadata({
    'ziem-sandbox': 'test',
    'ziem-capture': 'agent',
    'ziem-capture-topic': TOPIC,
    'ziem-capture-fields': CAPTURE_FIELDS.join(','),
    'ziem-capture-filter': captureFilter([7474, 7687, 8083, 8088, kafkaPort]),
    'ziem-capture-snaplen': '128',
    'ziem-capture-buffer-mb': '4',
    'ziem-capture-linger-ms': '0',
    'ziem-kafka-bootstrap': `127.0.0.1:${kafkaPort}`,
    'ziem-vxlan-vni': '4242',
    'ziem-overlay-mtu': '1450',
  });
  // the topic exists before the agents start (as on GCP, where the stack is up long before)
  await runTool('kcat', ['-P', '-b', stack.bootstrap, '-t', TOPIC], { input: 'created\n', timeoutMs: 60_000 });
  await vpc.relayKafka(kafkaPort);
  // one after the other: web boots while db and attacker do not run anything yet
  for (const vm of vpc.vms) boots.push(await vpc.script(vm));
  for (const vm of vpc.vms)
    for (let i = 0; i < 100 && !(await vpc.capturing(vm, 'agent')); i++) await new Promise((r) => setTimeout(r, 100));
  // libpcap attaches the BPF filter just after opening the socket (see capture-pipeline.ts)
  await new Promise((r) => setTimeout(r, 500));
});

afterAll(async () => {
  await vpc?.destroy();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ziem-vm.sh in namespaces standing in for GCP VMs', () => {
  it('boots every VM, each before its peers run anything', () => {
    expect(boots.map((b) => b.code)).toEqual([0, 0, 0]);
    expect(boots[0]!.stderr).toContain('overlay ziem0');
    expect(boots[2]!.stderr).toContain('boot: started agent');
  });

  it('builds the VXLAN overlay from the peer list: one L2 segment across the VMs', async () => {
    const link = await inNs(attacker, 'ip', ['-d', '-j', 'link', 'show', 'ziem0']);
    const info = (
      JSON.parse(link.stdout) as Array<{
        mtu: number;
        linkinfo: { info_kind: string; info_data: { id: number; port: number } };
      }>
    )[0]!;
    expect(info.linkinfo.info_kind).toBe('vxlan');
    expect(info.linkinfo.info_data).toMatchObject({ id: 4242, port: 4789 });
    expect(info.mtu).toBe(1450);
    const fdb = await inNs(attacker, 'bridge', ['fdb', 'show', 'dev', 'ziem0']);
    expect(fdb.stdout).toContain(`dst ${web.internalIp}`);
    expect(fdb.stdout).toContain(`dst ${db.internalIp}`);
    expect(fdb.stdout).not.toContain(`dst ${attacker.internalIp}`);
    const ping = await inNs(attacker, 'ping', ['-c', '2', '-W', '2', db.overlayIp]);
    expect(ping.stdout).toContain('2 received');
    // the overlay answers ARP like a LAN: the attacker learns the web host's MAC
    await inNs(attacker, 'ping', ['-c', '1', '-W', '2', web.overlayIp]);
    const neigh = await inNs(attacker, 'ip', ['neigh', 'show', web.overlayIp, 'dev', 'ziem0']);
    expect(neigh.stdout).toMatch(/lladdr [0-9a-f:]{17}/);
  });

  it("starts each role's services on its overlay address", async () => {
    const page = await inNs(attacker, 'curl', ['-fsS', '--max-time', '5', `http://${web.overlayIp}/`]);
    expect(page.stdout).toContain('<h1>web</h1>');
    const banner = await inNs(attacker, 'bash', ['-c', `exec 3<>/dev/tcp/${db.overlayIp}/22; head -c 8 <&3`]);
    expect(banner.stdout).toBe('SSH-2.0-');
    // SSH on a non-standard port too, and the FTP server that refuses every password
    const alt = await inNs(attacker, 'bash', ['-c', `exec 3<>/dev/tcp/${db.overlayIp}/2222; head -c 8 <&3`]);
    expect(alt.stdout).toBe('SSH-2.0-');
    const ftp = await inNs(attacker, 'python3', [
      '-c',
      `import socket; s = socket.create_connection(("${db.overlayIp}", 21), 3); f = s.makefile("rwb"); print(f.readline().decode().strip()); f.write(b"USER root\\r\\n"); f.flush(); print(f.readline().decode().strip()); f.write(b"PASS guess\\r\\n"); f.flush(); print(f.readline().decode().strip())`,
    ]);
    expect(
      ftp.stdout
        .trim()
        .split('\n')
        .map((l) => l.slice(0, 3)),
    ).toEqual(['220', '331', '530']);
    const dns = await inNs(attacker, 'python3', [
      '-c',
      `import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3); s.sendto(b"\\x12\\x34\\x01\\x00query", ("${db.overlayIp}", 53)); print(s.recvfrom(100)[0][2:4].hex())`,
    ]);
    expect(dns.stdout.trim()).toBe('8180');
    // nothing listens where the role has no service
    const none = await inNs(attacker, 'curl', ['-sS', '--max-time', '3', `http://${db.overlayIp}/`]);
    expect(none.code).not.toBe(0);
  });

  it('captures overlay traffic into Kafka with the agent fields, each packet once, platform ports excluded', async () => {
    // one TCP handshake to web:80, one to a platform port on web (refused), one UDP query to db:53,
    // each from a source port of its own so that earlier tests' traffic does not count
    await inNs(attacker, 'curl', [
      '-fsS',
      '--max-time',
      '5',
      '--local-port',
      '40123',
      '-o',
      '/dev/null',
      `http://${web.overlayIp}/`,
    ]);
    await inNs(attacker, 'curl', ['-sS', '--max-time', '3', `http://${web.overlayIp}:${stack.config.kafka.port}/`]);
    const pr = await inNs(attacker, 'python3', [
      '-c',
      `import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("${attacker.overlayIp}", 40124)); s.settimeout(3); s.sendto(b"\\x56\\x78\\x01\\x00" + bytes(8), ("${db.overlayIp}", 53)); print(s.recvfrom(100)[0][2:4].hex())`,
    ]);
    expect(pr.stdout.trim(), pr.stderr).toBe('8180');
    const isSynTo80 = (l: Layers): boolean =>
      l.tcp_srcport?.[0] === '40123' &&
      l.ip_src?.[0] === attacker.overlayIp &&
      l.ip_dst?.[0] === web.overlayIp &&
      l.tcp_dstport?.[0] === '80' &&
      l.tcp_flags_syn?.[0] === '1' &&
      l.tcp_flags_ack?.[0] === '0';
    const isUdpProbe = (l: Layers): boolean => l.udp_srcport?.[0] === '40124' && l.udp_dstport?.[0] === '53';
    const isUdpReply = (l: Layers): boolean => l.udp_srcport?.[0] === '53' && l.udp_dstport?.[0] === '40124';
    let got: Layers[] = [];
    for (let i = 0; i < 60; i++) {
      got = await records();
      if (got.some(isSynTo80) && got.some(isUdpProbe) && got.some(isUdpReply)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // once: captured on the sender's way out, not again on the receiver's way in
    expect(got.filter(isSynTo80)).toHaveLength(1);
    const synAck = got.filter(
      (l) => l.ip_src?.[0] === web.overlayIp && l.tcp_dstport?.[0] === '40123' && l.tcp_flags_syn?.[0] === '1',
    );
    expect(synAck).toHaveLength(1);
    expect(got.filter(isUdpProbe)).toHaveLength(1);
    expect(got.filter(isUdpReply)).toHaveLength(1);
    const port = String(stack.config.kafka.port);
    expect(got.filter((l) => l.tcp_dstport?.[0] === port || l.tcp_srcport?.[0] === port)).toEqual([]);
    const allowed = new Set(CAPTURE_FIELDS.map((f) => f.replaceAll('.', '_')));
    for (const l of got) for (const k of Object.keys(l)) expect(allowed).toContain(k);
    // no VXLAN envelope reached Kafka: the agent reads the overlay, not the underlay
    expect(got.filter((l) => l.udp_dstport?.[0] === '4789')).toEqual([]);
  });

  it('refuses metadata that lacks what it needs, naming the keys', async () => {
    const broken = { ...attacker, name: 'broken', home: join(dir, 'broken'), metadataFile: join(dir, 'broken.json') };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      broken.metadataFile,
      JSON.stringify({ instance: { attributes: { 'ziem-role': 'web' }, networkInterfaces: [{ ip: '10.0.0.9' }] } }),
    );
    const r = await vpc.script(broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('metadata lacks ziem-host, ziem-capture, ziem-capture-topic');
  });

  it('stops its units and removes the overlay', async () => {
    const r = await vpc.script(web, ['stop']);
    expect(r.code).toBe(0);
    const link = await inNs(web, 'ip', ['link', 'show', 'ziem0']);
    expect(link.code).not.toBe(0);
    const page = await inNs(attacker, 'curl', ['-sS', '--max-time', '3', `http://${web.overlayIp}/`]);
    expect(page.code).not.toBe(0);
  });
});

describe('after the test', () => {
  it('leaves no namespace or link behind', async () => {
    await vpc.destroy();
    expect(vpc.strays).toEqual([]);
    expect(await leftovers(vpc.prefix)).toEqual([]);
  });
});
