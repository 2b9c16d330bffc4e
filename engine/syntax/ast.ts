// The engine's syntax tree: every statement, expression, type, relation and window node, as
// `kind`-tagged unions. This file is the contract with engine/plan and engine/exec: node shapes
// may gain fields but never change or lose them. The nodes are defined in three parts:
// ast-expression.ts (positions, types, expressions), ast-query.ts (windows, relations,
// queries) and ast-statement.ts (statements). Parsing lives in parse*.ts, printing in print*.ts.

export * from './ast-expression.js';
export * from './ast-query.js';
export * from './ast-statement.js';
