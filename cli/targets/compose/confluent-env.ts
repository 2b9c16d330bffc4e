// Confluent's images (cp-kafka, cp-ksqldb-server, cp-kafka-connect) turn environment variables into
// their properties file: the image's prefix is dropped, the rest lower-cased, `___` becomes `-`,
// `__` becomes `_` and `_` becomes `.` (KSQL_KSQL_FUNCTIONS_ANOMALY__SCORE_URL →
// ksql.functions.anomaly_score.url). This module gives a property its environment name; a property
// the convention cannot name (separators side by side, at an end) is refused.
import { InternalError } from '../../../core/errors/ziem-error.js';

/** `ksql.functions.anomaly_score.url` under `KSQL_` → `KSQL_KSQL_FUNCTIONS_ANOMALY__SCORE_URL`. */
export function confluentEnvName(prefix: string, property: string): string {
  if (!/^[a-z0-9._-]+$/.test(property) || /[._-]{2}|^[._-]|[._-]$/.test(property))
    throw new InternalError(`property "${property}" has no environment name in Confluent's convention`);
  const name = property
    .replace(/_/g, '__')
    .replace(/-/g, '\u0000')
    .replace(/\./g, '_')
    .replace(/\u0000/g, '___');
  return prefix + name.toUpperCase();
}
