// Flags of `npm run bench -- pipeline [--hold 300] [--probe 60] [--rates 50,100,…] [--cost-packets
// 200000] [--cost-limit 600] [--hosts 100,10000,100000] [--engine-only [--traffic tcp|dns]
// [--engine-bin dist/cli/bin.js] [--engine-node-args '--cpu-prof …']]` (bench/run.ts passes the words
// after the module names through). Times in seconds.
export interface PipelineFlags {
  holdS: number;
  probeS: number;
  rates: number[];
  costPackets: number;
  costLimitS: number;
  hosts: number[];
  /** Only Kafka and the engine (bench/pipeline/engine-only.ts): the cost run per host count. */
  engineOnly: boolean;
  traffic: 'tcp' | 'dns';
  /** Another built CLI to run the engine server from (a baseline build, in this project tree). */
  engineBin: string | undefined;
  /** Node flags for the engine server (space-separated), e.g. --cpu-prof --cpu-prof-dir=/tmp/p. */
  engineNodeArgs: string[];
}

const DEFAULTS: PipelineFlags = {
  holdS: 300,
  probeS: 60,
  rates: [50, 100, 150, 200, 300, 400, 600, 800, 1_200, 1_600, 2_400, 3_200],
  costPackets: 200_000,
  costLimitS: 600,
  hosts: [100, 10_000, 100_000],
  engineOnly: false,
  traffic: 'dns',
  engineBin: undefined,
  engineNodeArgs: [],
};

const positive = (flag: string, v: string | undefined): number => {
  const n = Number(v);
  if (!v || !Number.isInteger(n) || n <= 0) throw new Error(`${flag} ${v ?? ''}: expected a whole number above 0`);
  return n;
};
const badTraffic = (v: string | undefined): never => {
  throw new Error(`--traffic ${v ?? ''}: expected tcp or dns`);
};
const list = (flag: string, v: string | undefined): number[] => (v ?? '').split(',').map((x) => positive(flag, x));

export function pipelineFlags(argv: readonly string[]): PipelineFlags {
  const f = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (!name.startsWith('--')) continue;
    if (name === '--engine-only') {
      f.engineOnly = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (name === '--hold') f.holdS = positive(name, value);
    else if (name === '--probe') f.probeS = positive(name, value);
    else if (name === '--rates') f.rates = list(name, value).sort((a, b) => a - b);
    else if (name === '--cost-packets') f.costPackets = positive(name, value);
    else if (name === '--cost-limit') f.costLimitS = positive(name, value);
    else if (name === '--hosts') f.hosts = list(name, value);
    else if (name === '--traffic') f.traffic = value === 'tcp' || value === 'dns' ? value : badTraffic(value);
    else if (name === '--engine-bin') f.engineBin = value;
    else if (name === '--engine-node-args') f.engineNodeArgs = (value ?? '').split(' ').filter((x) => x !== '');
    else
      throw new Error(
        `unknown pipeline bench flag ${name} (--hold, --probe, --rates, --cost-packets, --cost-limit, --hosts, --engine-only, --traffic, --engine-bin, --engine-node-args)`,
      );
  }
  return f;
}
