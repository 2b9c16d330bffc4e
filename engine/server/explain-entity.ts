// EXPLAIN on /ksql: ksqlDB's queryDescription entity, for a running query (EXPLAIN <query id>) or
// a statement that is only planned (EXPLAIN CREATE … AS SELECT); its executionPlan is the
// engine's logical plan (joins with their type, sides, key and repartitions) and its topology the
// operators the query runs, with the changelog topics of its state.
import type { Explain } from '../syntax/index.js';
import type { Engine } from '../runtime/engine.js';
import { fieldInfo, type Entity } from './entities.js';
import type { RewrittenTexts } from './read-statements.js';

const OPERATORS = '\nOperators:\n';

export function explainEntity(e: Engine, texts: RewrittenTexts, s: Explain, text: string): Entity {
  const r = e.executeStatement(s);
  const q = r.queryId !== undefined ? e.queries.get(r.queryId) : undefined;
  const plan = q?.plan ?? r.explainPlan;
  const all = r.explain ?? '';
  const cut = all.indexOf(OPERATORS);
  return {
    '@type': 'queryDescription',
    statementText: text,
    warnings: [],
    queryDescription: {
      id: q?.id ?? '',
      statementText: q ? (texts.get(`query:${q.id}`) ?? q.statementText) : (s.statement?.text ?? ''),
      windowType: plan?.window?.type ?? null,
      fields: (plan?.output ?? []).map(fieldInfo),
      sources: q?.sourceNames ?? [],
      sinks: q ? [q.sinkName] : [],
      topology: cut < 0 ? '' : all.slice(cut + OPERATORS.length),
      executionPlan: cut < 0 ? all : all.slice(0, cut),
      overriddenProperties: {},
      ksqlHostQueryStatus: {},
      queryType: 'PERSISTENT',
      queryErrors: q?.error !== undefined ? [{ errorMessage: q.error }] : [],
      tasksMetadata: [],
      state: q ? (q.error === undefined ? 'RUNNING' : 'ERROR') : 'UNKNOWN',
    },
  };
}
