// The compose deployment's plan: the steps every target runs come from the local planner
// (local/plan.ts planDeploy, the same order and convergence), with the local stack, sandbox and
// capture steps replaced by one `compose up` of the services that are not healthy (or of all, when
// ziem.yaml renders a different file). Pure: compose-live.ts gathers the state.
import { describeStep, planDeploy, type Desired, type StackPart, type Step as LocalStep } from '../local/plan.js';
import type { TargetPlan } from '../target.js';

export interface ComposeLive {
  /** the rendered file on disk is what ziem.yaml renders now (with its .env) */
  readonly renderedCurrent: boolean;
  /** every service the file defines, healthy or not */
  readonly services: readonly string[];
  readonly healthy: readonly string[];
  readonly sandboxServices: readonly string[];
  readonly migratedVersion: number | undefined;
  readonly graphSchema: boolean | undefined;
  readonly connectorsPending: readonly string[] | undefined;
  readonly modelPresent: boolean;
  readonly modelServed: boolean;
}

export type ComposeStep =
  | { readonly kind: 'compose-up'; readonly services: readonly string[]; readonly render: boolean }
  | { readonly kind: 'model-load' }
  | Extract<LocalStep, { kind: 'ksql-apply' | 'graph-schema' | 'connectors-apply' | 'model-train' }>;

export type ComposePlan = TargetPlan<ComposeStep>;

/** The compose service behind each part the local planner knows. */
const SERVICE_OF: Readonly<Record<StackPart, string>> = {
  kafka: 'kafka',
  connect: 'connect',
  neo4j: 'neo4j',
  ksql: 'ksqldb',
};

export function planCompose(desired: Desired, live: ComposeLive): ComposePlan {
  const up = (s: string): boolean => live.healthy.includes(s);
  const sandboxUp = live.sandboxServices.length > 0 && live.sandboxServices.every(up);
  const base = planDeploy(desired, {
    healthy: (Object.keys(SERVICE_OF) as StackPart[]).filter((p) => up(SERVICE_OF[p])),
    sandbox: sandboxUp,
    capture: sandboxUp,
    migratedVersion: live.migratedVersion,
    graphSchema: live.graphSchema,
    connectorsPending: live.connectorsPending,
    modelPresent: live.modelPresent,
    modelServed: live.modelServed,
  });
  const steps: ComposeStep[] = [];
  const down = live.services.filter((s) => !up(s));
  if (!live.renderedCurrent || down.length > 0)
    steps.push({
      kind: 'compose-up',
      services: live.renderedCurrent ? down : [...live.services],
      render: !live.renderedCurrent,
    });
  for (const s of base.steps) {
    // the map is a compose service (compose-ui.ts): `compose up` starts it with the others; the
    // classifier step is the local target's (planDeploy got no attackRuns, so it never plans one here)
    if (
      s.kind === 'stack-up' ||
      s.kind === 'sandbox-up' ||
      s.kind === 'capture-start' ||
      s.kind === 'ui-serve' ||
      s.kind === 'classifier-train'
    )
      continue;
    steps.push(s.kind === 'model-serve' ? { kind: 'model-load' } : s);
  }
  return { steps, notes: base.notes };
}

export function describeComposeStep(s: ComposeStep): string {
  switch (s.kind) {
    case 'compose-up':
      return `${s.render ? 'render the compose file from ziem.yaml and ' : ''}docker compose up: ${s.services.join(', ')}`;
    case 'model-load':
      return 'wait until the model server container serves the trained model';
    default:
      return describeStep(s);
  }
}

export function renderComposePlan(plan: ComposePlan): string {
  const lines =
    plan.steps.length === 0
      ? ['nothing to do: the compose deployment is up to date']
      : [
          `plan (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}):`,
          ...plan.steps.map((s, i) => `  ${i + 1}. ${describeComposeStep(s)}`),
        ];
  return [...lines, ...plan.notes.map((n) => `note: ${n}`)].join('\n');
}
