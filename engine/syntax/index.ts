// Public face of engine/syntax: parse ksqlDB SQL text into statements, print nodes back to SQL,
// and substitute `${var}` variables. Everything else in this folder is internal to the parser.

export * from './ast.js';
export { ParseError } from './parse-error.js';
export { parseStatements, parseExpression, parseType } from './parser.js';
export { printStatement } from './print-statement.js';
export { printExpression } from './print-expression.js';
export { printType } from './print-type.js';
export { substituteVariables } from './variables.js';
