// The npm ksqldb-client class, typed: the package is CommonJS (module.exports = the class) while
// its declarations say `export default class` (which NodeNext reads as module.exports.default),
// so it is loaded with require and typed from the declared class.
import { createRequire } from 'node:module';
import type * as Declared from 'ksqldb-client';

type ClientClass = typeof Declared.default.default;

export const KsqldbClient = createRequire(import.meta.url)('ksqldb-client') as ClientClass;
export type KsqldbClient = InstanceType<ClientClass>;
export type { Data } from 'ksqldb-client';
