// Context plumbing for the deployment steps: the sub-commands deploy reuses (ksql apply, connectors apply,
// model train) print their own results on stdout; deploy keeps stdout for its own report, so it hands
// them a context whose stdout goes to stderr as progress, and the Neo4j credentials the sinks need.
import type { Context, Writer } from './context.js';
import { StackError } from '../core/errors/ziem-error.js';
import { readNeo4jPassword } from './stack/neo4j-password.js';

const sink: Writer = { write: () => true };

/** `ctx` with the step's stdout shown as progress on stderr (or dropped with --json). */
export function stepContext(ctx: Context, o: { silent?: boolean } = {}): Context {
  return { ...ctx, stdout: o.silent || ctx.json ? sink : indent(ctx.stderr) };
}

function indent(w: Writer): Writer {
  return {
    write: (s: string) =>
      w.write(
        s
          .split('\n')
          .map((l) => (l ? `    ${l}` : l))
          .join('\n'),
      ),
  };
}

export const boltUrl = (ctx: Context): string => ctx.config.neo4j.url;

/** The env the connector files' ${env:ZIEM_NEO4J_*} placeholders resolve from; the password is redacted. */
export function neo4jEnv(ctx: Context): Record<string, string> {
  const pw = readNeo4jPassword(ctx.config);
  if (!pw)
    throw new StackError(
      'NEO4J_PASSWORD',
      `no Neo4j password in ZIEM_NEO4J_PASSWORD or under ${ctx.config.stateDir}/secrets`,
      { hint: 'run `ziem stack up` (it generates one)' },
    );
  if (!ctx.secrets.includes(pw.reveal())) ctx.secrets.push(pw.reveal());
  return { ZIEM_NEO4J_URI: boltUrl(ctx), ZIEM_NEO4J_USER: ctx.config.neo4j.user, ZIEM_NEO4J_PASSWORD: pw.reveal() };
}

/** A context for the connector commands: the placeholders' env added to the process env. */
export function connectorsContext(ctx: Context, o: { silent?: boolean } = {}): Context {
  return { ...stepContext(ctx, o), env: { ...ctx.env, ...neo4jEnv(ctx) } };
}
