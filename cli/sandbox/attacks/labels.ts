// Ground truth: one record per scenario run on topic ziem-attack-labels, shaped
// {scenario, src, dst, startedAt, endedAt, params} with epoch-ms times (architecture.md, "Ground
// truth"). Evaluation joins alerts to these by source, destination and time.
import type { ScenarioParams } from './scenario.js';

export const LABELS_TOPIC = 'ziem-attack-labels';

export interface GroundTruth {
  readonly scenario: string;
  /** source address */
  readonly src: string;
  /** target address, or the sandbox CIDR for traffic spread over several hosts */
  readonly dst: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly params: ScenarioParams;
}

export function labelRecord(g: GroundTruth): { key: string; value: string } {
  return {
    key: g.src,
    value: JSON.stringify({
      scenario: g.scenario,
      src: g.src,
      dst: g.dst,
      startedAt: g.startedAt,
      endedAt: g.endedAt,
      params: g.params,
    }),
  };
}
