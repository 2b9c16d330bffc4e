// Neo4j over Bolt for the stack: open a driver with basic auth from a Secret, check health with
// RETURN 1 (and read the server version), and set the password of a fresh database, which Neo4j
// creates with the well-known initial password and requires to be changed before any other query.
import neo4j, { type Driver } from 'neo4j-driver';
import { ZiemError } from '../../core/errors/ziem-error.js';
import type { Secret } from '../../core/secret.js';

const INITIAL_PASSWORD = 'neo4j';

export class Neo4jError extends ZiemError {
  readonly neo4jCode: string | undefined;
  constructor(message: string, o: { neo4jCode?: string; retriable?: boolean; hint?: string; cause?: unknown } = {}) {
    super('NEO4J', message, o);
    this.neo4jCode = o.neo4jCode;
  }
}

const TRANSIENT = /ServiceUnavailable|SessionExpired|TransientError|ECONNREFUSED|Connection was closed/i;

function wrap(err: unknown, what: string): Neo4jError {
  const code = (err as { code?: string }).code;
  const msg = err instanceof Error ? err.message : String(err);
  return new Neo4jError(`Neo4j ${what} failed: ${msg}`, {
    neo4jCode: code,
    retriable: TRANSIENT.test(`${code} ${msg}`),
    cause: err,
  });
}

/** Records a query pulls per round trip; FETCH_ALL: every record in one. */
export const FETCH_ALL = -1;

/** `fetchSize`: records per round trip (the driver's default is 1,000). */
export function openDriver(boltUrl: string, user: string, password: Secret, o: { fetchSize?: number } = {}): Driver {
  return neo4j.driver(boltUrl, neo4j.auth.basic(user, password.reveal()), {
    connectionTimeout: 5_000,
    maxConnectionPoolSize: 20,
    disableLosslessIntegers: true,
    ...(o.fetchSize === undefined ? {} : { fetchSize: o.fetchSize }),
  });
}

/** RETURN 1 over Bolt; the server's version string (e.g. "Neo4j/5.26.19") on success. */
export async function pingNeo4j(boltUrl: string, user: string, password: Secret): Promise<string> {
  const driver = openDriver(boltUrl, user, password);
  try {
    await driver.executeQuery('RETURN 1 AS ok');
    return (await driver.getServerInfo()).agent ?? 'Neo4j';
  } catch (err) {
    throw wrap(err, 'RETURN 1');
  } finally {
    await driver.close();
  }
}

/** On a fresh database: replace the initial password, and create `user` when it is not neo4j. */
export async function setInitialPassword(boltUrl: string, user: string, password: Secret): Promise<void> {
  const driver = neo4j.driver(boltUrl, neo4j.auth.basic('neo4j', INITIAL_PASSWORD), { connectionTimeout: 5_000 });
  try {
    const system = { database: 'system' };
    await driver.executeQuery(
      'ALTER CURRENT USER SET PASSWORD FROM $old TO $new',
      { old: INITIAL_PASSWORD, new: password.reveal() },
      system,
    );
  } catch (err) {
    throw wrap(err, 'setting the initial password');
  } finally {
    await driver.close();
  }
  if (user === 'neo4j') return;
  const admin = openDriver(boltUrl, 'neo4j', password);
  try {
    await admin.executeQuery(
      'CREATE USER $user IF NOT EXISTS SET PASSWORD $pw CHANGE NOT REQUIRED',
      { user, pw: password.reveal() },
      { database: 'system' },
    );
  } catch (err) {
    throw wrap(err, `creating user ${user}`);
  } finally {
    await admin.close();
  }
}
