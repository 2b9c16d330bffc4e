// The local deployment's plan: a pure comparison of the desired platform with the live state
// (gathered by live-state.ts) into ordered steps, and its rendering. Nothing here does I/O; apply.ts
// runs the steps. An empty plan is "nothing to do": a second deploy converges without changes.

/** The stack's components; ksql is the embedded engine's ksqlDB server, started by `ziem stack up` too. */
export type StackPart = 'kafka' | 'connect' | 'neo4j' | 'ksql';

export interface LiveState {
  /** Stack components that run and answer their health check (ksql: the engine server of this state directory). */
  readonly healthy: readonly StackPart[];
  readonly sandbox: boolean;
  readonly capture: boolean;
  /** Last migrated version; undefined when the engine is not reachable (so nothing is known). */
  readonly migratedVersion: number | undefined;
  /** Whether the graph's uniqueness constraints exist; undefined when Neo4j is not reachable. */
  readonly graphSchema: boolean | undefined;
  /** Connectors whose live config differs from connectors/*.json; undefined when Connect is not reachable. */
  readonly connectorsPending: readonly string[] | undefined;
  readonly modelPresent: boolean;
  readonly modelServed: boolean;
  /** Whether the attack classifier (models/attack-class) exists. */
  readonly classifierPresent?: boolean;
  /** Attack runs on ziem-attack-labels (a campaign's ground truth); undefined when Kafka cannot say. */
  readonly attackRuns?: number;
  /** Whether the network map (`ziem ui`) answers; undefined where deploy does not run it. */
  readonly uiServed?: boolean;
}

export interface Desired {
  /** Highest migration version to apply (the engine may not run every file; see `skipped`). */
  readonly targetVersion: number;
  /** Highest version before the first file calling the model (ANOMALY_SCORE): applied before the
   *  model is trained, since training reads what the earlier files create; the rest after. */
  readonly rulesVersion: number;
  /** Why versions above targetVersion are left out, if any are. */
  readonly skipped: string | undefined;
}

export type Step =
  | { readonly kind: 'stack-up'; readonly components: readonly StackPart[] }
  | { readonly kind: 'sandbox-up' }
  | { readonly kind: 'capture-start' }
  | { readonly kind: 'ksql-apply'; readonly from: number | undefined; readonly to: number; readonly model?: boolean }
  | { readonly kind: 'graph-schema' }
  | { readonly kind: 'connectors-apply'; readonly names: readonly string[] | undefined }
  | { readonly kind: 'model-train' }
  | { readonly kind: 'classifier-train'; readonly attackRuns: number }
  | { readonly kind: 'model-serve' }
  | { readonly kind: 'ui-serve' };

export interface DeployPlan {
  readonly steps: readonly Step[];
  readonly notes: readonly string[];
}

const STACK: readonly StackPart[] = ['kafka', 'neo4j', 'connect', 'ksql'];

// Order matters: capture needs Kafka and the sandbox bridge; the stack starts the engine server after
// Kafka and Connect; migrations need the engine; the sinks need the graph's constraints; training reads
// HOST_WINDOWS, which the migrations create and the capture feeds; the model's migrations need the
// model's threshold, so they come after training. The classifier is trained only once the labels
// topic holds attack runs (a campaign ran): before that there is nothing to tell apart.
export function planDeploy(desired: Desired, live: LiveState): DeployPlan {
  const steps: Step[] = [];
  const missing = STACK.filter((c) => !live.healthy.includes(c));
  if (missing.length > 0) steps.push({ kind: 'stack-up', components: missing });
  if (!live.sandbox) steps.push({ kind: 'sandbox-up' });
  if (!live.capture || !live.sandbox) steps.push({ kind: 'capture-start' });
  const migrated = missing.includes('ksql') ? undefined : live.migratedVersion;
  if (migrated === undefined || migrated < desired.rulesVersion) {
    steps.push({ kind: 'ksql-apply', from: migrated, to: desired.rulesVersion });
  }
  if (live.graphSchema !== true) steps.push({ kind: 'graph-schema' });
  const pending = missing.includes('connect') ? undefined : live.connectorsPending;
  if (pending === undefined || pending.length > 0) steps.push({ kind: 'connectors-apply', names: pending });
  if (!live.modelPresent) steps.push({ kind: 'model-train' });
  if (live.classifierPresent === false && (live.attackRuns ?? 0) > 0)
    steps.push({ kind: 'classifier-train', attackRuns: live.attackRuns! });
  if (!live.modelServed || !live.modelPresent) steps.push({ kind: 'model-serve' });
  if (desired.targetVersion > desired.rulesVersion && (migrated === undefined || migrated < desired.targetVersion)) {
    const from = migrated === undefined || migrated < desired.rulesVersion ? desired.rulesVersion : migrated;
    steps.push({ kind: 'ksql-apply', from, to: desired.targetVersion, model: true });
  }
  // the map reads the graph and the alert topics: last, once everything it shows exists
  if (live.uiServed === false) steps.push({ kind: 'ui-serve' });
  const notes = desired.skipped ? [desired.skipped] : [];
  return { steps, notes };
}

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'stack-up':
      return `start the stack: ${s.components.join(', ')}`;
    case 'sandbox-up':
      return 'create the sandbox (network namespaces on the bridge)';
    case 'capture-start':
      return 'start the capture agent (sandbox bridge → Kafka)';
    case 'ksql-apply':
      return `apply ksql/ migrations ${s.from === undefined ? 'up to' : `V${pad(s.from)} →`} V${pad(s.to)}${s.model ? " (model alerts, with the model's threshold)" : ''}`;
    case 'graph-schema':
      return 'create the graph constraints (connectors/graph-schema.cypher)';
    case 'connectors-apply':
      return `apply the Neo4j sink connectors${s.names ? ` (${s.names.join(', ')})` : ''}`;
    case 'model-train':
      return 'record a warm-up of normal traffic and train the anomaly model';
    case 'classifier-train':
      return `label HOST_WINDOWS with ziem-attack-labels (${s.attackRuns} attack runs) and train the attack classifier`;
    case 'model-serve':
      return 'start the model server';
    case 'ui-serve':
      return 'start the network map (ziem ui)';
  }
}

const pad = (v: number): string => String(v).padStart(6, '0');

export function renderPlan(plan: DeployPlan): string {
  const lines =
    plan.steps.length === 0
      ? ['nothing to do: the local deployment is up to date']
      : plan.steps.map((s, i) => `  ${i + 1}. ${describeStep(s)}`);
  if (plan.steps.length > 0) lines.unshift(`plan (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}):`);
  return [...lines, ...plan.notes.map((n) => `note: ${n}`)].join('\n');
}

/** The functions that call the model server; a migration using one needs a served model. */
export const MODEL_FUNCTIONS = ['ANOMALY_SCORE', 'ATTACK_CLASS'] as const;

const MODEL_CALL = new RegExp(`\\b(${MODEL_FUNCTIONS.join('|')})\\s*\\(`, 'i');

/** Whether a migration's SQL (comments aside) calls a model function. */
export function callsModel(sql: string): boolean {
  return MODEL_CALL.test(sql.replace(/--.*$/gm, ''));
}

/** The highest version to apply: every file, or those before the first the engine cannot run. */
export function targetVersion(
  files: ReadonlyArray<{ version: number; fileName: string; callsModel: boolean }>,
  engineHasModelFunctions: boolean,
): Desired {
  const sorted = [...files].sort((a, b) => a.version - b.version);
  const first = engineHasModelFunctions ? undefined : sorted.find((f) => f.callsModel);
  const usable = first ? sorted.filter((f) => f.version < first.version) : sorted;
  const last = usable.at(-1)?.version ?? 0;
  const firstModel = sorted.find((f) => f.callsModel);
  const rulesVersion = firstModel ? (sorted.filter((f) => f.version < firstModel.version).at(-1)?.version ?? 0) : last;
  const skipped = first
    ? `migrations from ${first.fileName} on are not applied: the engine lacks ${MODEL_FUNCTIONS.join(' or ')}, so model alerts and every later migration (asset enrichment, intel) are off (rule alerts are on)`
    : undefined;
  return { targetVersion: last, rulesVersion, skipped };
}
