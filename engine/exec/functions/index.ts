// Every built-in scalar and table function, family by family (exec/default-registry.ts adds the
// aggregates and makes the engine's registry).
import type { FunctionDef } from './registry.js';
import { MATH_FUNCTIONS } from './math-functions.js';
import { STRING_FUNCTIONS } from './string-functions.js';
import { REGEX_FUNCTIONS } from './regex-functions.js';
import { CONVERSION_FUNCTIONS } from './conversion-functions.js';
import { NULL_FUNCTIONS } from './null-functions.js';
import { JSON_FUNCTIONS } from './json-functions.js';
import { DATE_TIME_FUNCTIONS } from './date-time-functions.js';
import { URL_FUNCTIONS } from './url-functions.js';
import { ARRAY_FUNCTIONS } from './array-functions.js';
import { MAP_FUNCTIONS } from './map-functions.js';
import { LAMBDA_FUNCTIONS } from './lambda-functions.js';
import { TABLE_FUNCTIONS } from './table-functions.js';

export const BUILT_IN_FUNCTIONS: readonly FunctionDef[] = [
  ...MATH_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...NULL_FUNCTIONS,
  ...JSON_FUNCTIONS,
  ...DATE_TIME_FUNCTIONS,
  ...URL_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...MAP_FUNCTIONS,
  ...LAMBDA_FUNCTIONS,
  ...TABLE_FUNCTIONS,
];
