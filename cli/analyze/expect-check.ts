// Compares one capture's alerts with its labels: each expected detection must be matched by an
// alert of its kind (and attacker/victim when the label names them); every alert no label accounts
// for is unexpected, and a capture labelled "none" must raise nothing. Pure.
import type { Alert } from '../alerts/alert-record.js';
import type { ExpectedDetection } from './labels-file.js';

export interface ExpectProblem {
  capture: string;
  problem: 'missed' | 'unexpected';
  text: string;
}

function matches(l: ExpectedDetection, a: Alert): boolean {
  return (
    l.kind === a.kind &&
    (l.attacker === undefined || l.attacker === a.src) &&
    (l.victim === undefined || l.victim === a.dst)
  );
}

const who = (l: ExpectedDetection): string => `${l.attacker ?? '*'} → ${l.victim ?? '*'}`;

export function checkExpectations(
  capture: string,
  labels: readonly ExpectedDetection[],
  alerts: readonly Alert[],
): ExpectProblem[] {
  const problems: ExpectProblem[] = [];
  const wanted = labels.filter((l) => l.kind !== 'none');
  for (const l of wanted)
    if (!alerts.some((a) => matches(l, a)))
      problems.push({ capture, problem: 'missed', text: `missed ${l.kind} ${who(l)} (${l.where})` });
  for (const a of alerts)
    if (!wanted.some((l) => matches(l, a)))
      problems.push({
        capture,
        problem: 'unexpected',
        text: `unexpected ${a.kind} ${a.src} → ${a.dst ?? '*'}${a.reason ? ` (${a.reason})` : ''}`,
      });
  return problems;
}
