// Which attack scenarios a campaign draws from: `--scenarios a,b,c` (only these) and/or
// `--exclude-scenarios x,y` (all, or the chosen ones, but these), so a campaign can spend its time on
// the rare techniques (scans, sweeps, brute force) instead of floods, whose runs already give
// thousands of near-copy windows. `normal` is not an attack: campaign runs always alternate with
// it, so naming it in --scenarios changes nothing and excluding it is refused. Unknown names are
// refused naming the flag and listing the valid ones. Pure: the runner (campaign.ts) calls it.
import { UsageError } from '../../../core/errors/ziem-error.js';
import { NORMAL } from './campaign-plan.js';

export interface ScenarioChoice {
  /** comma-separated scenarios to draw attacks from (default: every scenario) */
  scenarios?: string;
  /** comma-separated scenarios never to run */
  excludeScenarios?: string;
}

function names(flag: string, value: string, known: readonly string[]): string[] {
  const items = value.split(',').map((s) => s.trim());
  const valid = (): string => known.join(', ');
  if (items.some((s) => s === ''))
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: an empty scenario name; expected a comma-separated list of ${valid()}`,
    );
  const unknown = items.filter((s) => !known.includes(s));
  if (unknown.length > 0)
    throw new UsageError(
      `${flag}: unknown scenario${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid: ${valid()}`,
    );
  return [...new Set(items)];
}

/** The attack scenarios (never `normal`) of `all` that the campaign draws from, in `all`'s order. */
export function chooseScenarios(all: readonly string[], o: ScenarioChoice): string[] {
  const chosen = o.scenarios === undefined ? all : names('--scenarios', o.scenarios, all);
  const excluded = o.excludeScenarios === undefined ? [] : names('--exclude-scenarios', o.excludeScenarios, all);
  if (excluded.includes(NORMAL))
    throw new UsageError(
      `--exclude-scenarios: ${NORMAL} cannot be excluded: campaign runs alternate with normal traffic`,
    );
  const attacks = all.filter((s) => s !== NORMAL && chosen.includes(s) && !excluded.includes(s));
  if (attacks.length === 0)
    throw new UsageError(
      `--scenarios/--exclude-scenarios leave no attack scenario to run; valid: ${all.filter((s) => s !== NORMAL).join(', ')}`,
    );
  return attacks;
}
