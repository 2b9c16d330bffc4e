// Which Target answers a name: the one place that knows every target. A target that does not exist
// yet is refused with a usage error before anything runs.
import type { Context } from '../context.js';
import { UsageError } from '../../core/errors/ziem-error.js';
import { localTarget } from './local/local-target.js';
import { composeTarget } from './compose/compose-target.js';
import { externalTarget } from './external/external-target.js';
import { gcpTarget } from './gcp/gcp-target.js';
import { TARGET_NAMES } from '../config/fields.js';
import type { Target, TargetName } from './target.js';

const TARGETS: Partial<Record<TargetName, Target>> = {
  local: localTarget as unknown as Target,
  compose: composeTarget as unknown as Target,
  external: externalTarget as unknown as Target,
  gcp: gcpTarget as unknown as Target,
};

/** The target named by `--target`, else by the configuration's `target`. */
export function targetFor(ctx: Context, name: string | undefined): Target {
  const t = name ?? ctx.config.target;
  if (!(TARGET_NAMES as readonly string[]).includes(t))
    throw new UsageError(`unknown target "${t}"; targets: ${TARGET_NAMES.join(', ')}`);
  const target = TARGETS[t as TargetName];
  if (!target)
    throw new UsageError(`target "${t}" is not supported by this ziem yet`, {
      hint: `use one of ${Object.keys(TARGETS).join(', ')}`,
    });
  return target;
}
