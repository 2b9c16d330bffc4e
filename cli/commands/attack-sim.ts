// `ziem attack-sim <scenario>` (normal, the scans and sweeps, floods, brute forces; campaign): wiring only; the work is in
// cli/sandbox/attack-sim.ts. Targets are checked by the guardrails before any packet is sent.
import { Option, type Command } from 'commander';
import type { ContextFactory } from '../program.js';
import { runAttack, type AttackOptions } from '../sandbox/attack-sim.js';
import { SCENARIOS } from '../sandbox/attacks/index.js';
import { runExpectDetection } from '../sandbox/attacks/expect-detection.js';
import { DETECTED_BY, parseTimeout } from '../sandbox/attacks/expect-detection-match.js';
import { runCampaign, type CampaignOptions } from '../sandbox/attacks/campaign.js';
import { sandboxOf } from '../targets/target-sandbox.js';
import { TARGET_NAMES } from '../config/fields.js';

const SCAN_RATE = (): Option =>
  new Option('--rate <pps>', 'probes per second at most (nmap --max-rate; default "unlimited": nmap -T4 pace)');
const PORTS = (): Option[] => [
  new Option('--ports <n>', 'the top n ports nmap probes (default 1000; 200 for UDP)'),
  SCAN_RATE(),
];
/** A bounded hping3 flood's options: its default rate, and its default port (none for ICMP). */
const FLOOD = (rate: string, port?: string): Option[] => [
  new Option('--rate <pps>', `packets per second (default ${rate}, at most 200000)`),
  new Option('--count <n>', 'packets in all (default rate × duration)'),
  ...(port === undefined ? [] : [new Option('--port <port>', `target port (default ${port})`)]),
];
const EXTRA: Readonly<Record<string, Option[]>> = {
  ...Object.fromEntries(
    [
      'portscan',
      'connect-scan',
      'udp-scan',
      'fin-scan',
      'xmas-scan',
      'null-scan',
      'ack-scan',
      'window-scan',
      'maimon-scan',
    ].map((n) => [n, PORTS()]),
  ),
  ...Object.fromEntries(['protocol-scan', 'icmp-sweep', 'arp-sweep', 'tcp-sweep'].map((n) => [n, [SCAN_RATE()]])),
  synflood: [
    new Option('--rate <pps>', 'packets per second (default 1000, at most 200000)'),
    new Option('--count <n>', 'packets in all (default rate × duration)'),
    new Option('--port <port>', 'target port (default 80)'),
  ],
  'spoofed-synflood': FLOOD('2000', '80'),
  'udp-flood': FLOOD('2000', '9'),
  'ack-flood': FLOOD('2000', '80'),
  'icmp-flood': FLOOD('1000'),
  bruteforce: [
    new Option('--attempts <n>', 'password guesses (default 40)'),
    new Option('--parallel <n>', 'concurrent connections (default 4)'),
    new Option('--port <port>', 'sshd port (default 22; the sandbox sshd also listens on 2222)'),
    new Option('--interval <ms>', 'pause of each connection after a guess (default 0)'),
  ],
  'slow-bruteforce': [
    new Option('--attempts <n>', 'password guesses spread over --duration (default 10)'),
    new Option('--port <port>', 'sshd port (default 22; also 2222)'),
  ],
  'ftp-bruteforce': [
    new Option('--attempts <n>', 'login guesses (default 30)'),
    new Option('--interval <ms>', 'pause after each guess (default 0)'),
  ],
};

const EXAMPLES: Readonly<Record<string, string>> = {
  normal: '  $ sudo ziem attack-sim normal --duration 60s\n  $ sudo ziem attack-sim normal --from workstation --to web',
  portscan: '  $ sudo ziem attack-sim portscan\n  $ sudo ziem attack-sim portscan --from attacker --to 10.77.0.3',
  synflood:
    '  $ sudo ziem attack-sim synflood --rate 5000 --duration 10s\n  $ sudo ziem attack-sim synflood --to web --count 20000 --port 80',
  bruteforce: '  $ sudo ziem attack-sim bruteforce --to db --attempts 60',
};

const DETECTION_OPTIONS = (): Option[] => [
  new Option('--expect-detection', 'after the attack, wait for its alert; exit non-zero when none comes'),
  new Option('--timeout <time>', 'with --expect-detection: how long after the attack starts (default 60s)'),
];

type SimFlags = AttackOptions & { expectDetection?: boolean | string; timeout?: string; target?: string };

async function act(getContext: ContextFactory, name: string, flags: SimFlags): Promise<void> {
  const { expectDetection, timeout, target, ...o } = flags;
  const { ctx, sandbox } = await sandboxOf(getContext(), target);
  if (!expectDetection) return void (await runAttack(ctx, name, o, sandbox));
  await runExpectDetection(ctx, name, o, parseTimeout(timeout ?? '60s'), sandbox);
}

export function registerAttackSim(program: Command, getContext: ContextFactory): Command {
  const cmd = program
    .command('attack-sim')
    .description('generate traffic and attacks inside the sandbox, each run labelled in ziem-attack-labels');
  for (const s of Object.values(SCENARIOS)) {
    const sub = cmd
      .command(s.name)
      .description(s.description)
      .option('--from <host>', 'sandbox host the traffic comes from (default: attacker; workstation for normal)')
      .option('--to <host>', 'target: a sandbox host name or its address (anything else is refused)')
      .option('--duration <time>', 'how long at most, e.g. 30s, 2m (default 30s; 60s for normal)')
      .addOption(
        new Option(
          '--target <target>',
          "whose sandbox: netns (local), containers (compose), VMs (gcp); default the config's target",
        ).choices(TARGET_NAMES),
      );
    for (const opt of EXTRA[s.name] ?? []) sub.addOption(opt);
    const detectable = DETECTED_BY[s.name] !== undefined;
    if (detectable) for (const opt of DETECTION_OPTIONS()) sub.addOption(opt);
    const detectExample = detectable ? `\n  $ sudo ziem attack-sim ${s.name} --expect-detection --timeout 30s` : '';
    sub
      .addHelpText('after', `\nExamples:\n${EXAMPLES[s.name] ?? ''}${detectExample}`)
      .action(async (o: SimFlags) => act(getContext, s.name, o));
  }
  cmd
    .command('campaign')
    .description('a randomised mix of the scenarios, normal runs between attacks, to fill a labelled dataset')
    .option('--duration <time>', 'how long in all, e.g. 30m (default 30m)')
    .option('--seed <n>', 'seed of the run order, durations and intensities (default: from the clock)')
    .option('--scenarios <list>', 'only these attack scenarios, comma-separated (default: every scenario)')
    .option('--exclude-scenarios <list>', 'never these scenarios, comma-separated (e.g. the floods)')
    .addOption(new Option('--target <target>', "whose sandbox (default: the config's target)").choices(TARGET_NAMES))
    .addHelpText(
      'after',
      `\nEach run is labelled in ziem-attack-labels like a single attack-sim run.\n\nExamples:\n  $ sudo ziem attack-sim campaign --duration 30m\n  $ sudo ziem attack-sim campaign --duration 40m --exclude-scenarios synflood,spoofed-synflood,udp-flood,ack-flood,icmp-flood\n  $ ziem model dataset --from kafka:HOST_WINDOWS --labels kafka:ziem-attack-labels --out ds.jsonl`,
    )
    .action(async (o: CampaignOptions & { target?: string }) => {
      const { target, ...rest } = o;
      const { ctx, sandbox } = await sandboxOf(getContext(), target);
      await runCampaign(ctx, Object.keys(SCENARIOS), rest, sandbox);
    });
  return cmd;
}
