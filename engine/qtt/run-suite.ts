// Runs QTT files and totals the results per file: passed, failed, unsupported.
import { findCaseFiles, loadCaseFile } from './load-cases.js';
import { runCase, type CaseResult } from './run-case.js';

export interface FileSummary {
  passed: number;
  failed: number;
  unsupported: number;
  cases: CaseResult[];
}

export interface SuiteSummary {
  passed: number;
  failed: number;
  unsupported: number;
  files: Record<string, FileSummary>;
}

export function runSuite(paths: readonly string[], filter?: (name: string) => boolean): SuiteSummary {
  const summary: SuiteSummary = { passed: 0, failed: 0, unsupported: 0, files: {} };
  for (const file of findCaseFiles(paths)) {
    const fs: FileSummary = { passed: 0, failed: 0, unsupported: 0, cases: [] };
    for (const c of loadCaseFile(file)) {
      if (filter && !filter(c.name)) continue;
      const r = runCase(c);
      fs[r.status]++;
      summary[r.status]++;
      fs.cases.push(r);
    }
    summary.files[file] = fs;
  }
  return summary;
}

/** The share of the cases that ran (passed or failed, not unsupported) that passed, in percent. */
export function passRate(s: { passed: number; failed: number }): number {
  const n = s.passed + s.failed;
  return n === 0 ? 100 : (100 * s.passed) / n;
}
