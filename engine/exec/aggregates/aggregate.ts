// The aggregates' side of the aggregate-function contract (declared in
// ../functions/aggregate-contract.ts, beside the registry that holds the aggregates): the
// contract's types and the listing-only signatures of built-in aggregates.
import { ExecError } from '../../errors.js';
import { typedSig, type Signature } from '../functions/signature.js';

export type { AggImpl, AggregateFunction } from '../functions/aggregate-contract.js';

/** One declared overload of an aggregate, for listing: `aggSig(['INT col1'], 'BIGINT')`. */
export function aggSig(params: string[], returns: string): Signature {
  return typedSig(params, returns, () => {
    throw new ExecError('an aggregate resolves in exec/aggregates, not through the function registry');
  });
}
