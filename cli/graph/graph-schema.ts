// The graph's uniqueness constraints (connectors/graph-schema.cypher): whether they all exist, and
// creating them. The sinks' MERGEs rely on them, so deploy runs this before the connectors start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { openDriver } from '../clients/neo4j-client.js';
import { readNeo4jPassword } from '../stack/neo4j-password.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { boltUrl } from '../step-context.js';

export const SCHEMA_FILE = 'graph-schema.cypher';

/** The file's statements, comments dropped, and the constraint names they create. */
export function schemaStatements(text: string): { statements: string[]; names: string[] } {
  const statements = text
    .replace(/^\s*\/\/.*$/gm, '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const names = statements
    .map((s) => /CREATE\s+CONSTRAINT\s+(\w+)/i.exec(s)?.[1])
    .filter((n): n is string => n !== undefined);
  return { statements, names };
}

async function withDriver<T>(ctx: Context, fn: (d: ReturnType<typeof openDriver>) => Promise<T>): Promise<T> {
  const pw = readNeo4jPassword(ctx.config);
  if (!pw) throw new StackError('NEO4J_PASSWORD', 'no Neo4j password found', { hint: 'run `ziem stack up` first' });
  const driver = openDriver(boltUrl(ctx), ctx.config.neo4j.user, pw);
  try {
    return await fn(driver);
  } finally {
    await driver.close();
  }
}

const readSchema = (ctx: Context): { statements: string[]; names: string[] } =>
  schemaStatements(readFileSync(join(ctx.config.connectors.dir, SCHEMA_FILE), 'utf8'));

/** True when every constraint of the file exists; undefined when Neo4j cannot be asked. */
export async function graphSchemaPresent(ctx: Context): Promise<boolean | undefined> {
  try {
    const { names } = readSchema(ctx);
    const live = await withDriver(ctx, async (d) =>
      (await d.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name')).records.map((r) => String(r.get('name'))),
    );
    return names.every((n) => live.includes(n));
  } catch {
    return undefined;
  }
}

export async function applyGraphSchema(ctx: Context): Promise<number> {
  const { statements } = readSchema(ctx);
  await withDriver(ctx, async (d) => {
    for (const s of statements) await d.executeQuery(s);
  });
  return statements.length;
}
