// Status bodies in the shape Kafka Connect 4.1 returns from GET /connectors/<name>/status.
import { describe, expect, it } from 'vitest';
import { assessStatus, renderFailures, sameVerdict, traceSummary } from '../../../cli/connectors/readiness.js';
import type { ConnectorStatus } from '../../../core/connect/connect-client.js';

const W = '127.0.0.1:18083';
const TRACE =
  "org.apache.kafka.connect.errors.ConnectException: Neo4j refused the sink's credentials or permissions: auth failure\n\tat org.neo4j.connectors.kafka.sink.CypherWriter.run(CypherWriter.java:104)";

function status(connector: string, tasks: Array<[number, string, string?]>): ConnectorStatus {
  return {
    name: 'graph',
    type: 'sink',
    connector: { state: connector, worker_id: W },
    tasks: tasks.map(([id, state, trace]) => ({ id, state, worker_id: W, ...(trace ? { trace } : {}) })),
  };
}

describe('connector readiness', () => {
  it('is running only when the connector and every task are RUNNING', () => {
    expect(
      assessStatus(
        status('RUNNING', [
          [1, 'RUNNING'],
          [0, 'RUNNING'],
        ]),
      ),
    ).toEqual({ kind: 'running', tasks: 2 });
    expect(assessStatus(status('RUNNING', []))).toEqual({ kind: 'pending', reason: 'connector RUNNING, no tasks yet' });
    expect(
      assessStatus(
        status('RUNNING', [
          [0, 'RUNNING'],
          [1, 'UNASSIGNED'],
          [2, 'RESTARTING'],
          [3, 'UNASSIGNED'],
        ]),
      ),
    ).toEqual({ kind: 'pending', reason: 'connector RUNNING, tasks: 1 RUNNING, 2 UNASSIGNED, 1 RESTARTING' });
    expect(assessStatus(status('UNASSIGNED', [[0, 'RUNNING']]))).toMatchObject({ kind: 'pending' });
  });

  it('collects every failed instance with its trace, connector first, tasks by id', () => {
    const s = status('FAILED', [
      [1, 'FAILED', TRACE],
      [0, 'RUNNING'],
    ]);
    s.connector.trace = 'java.lang.IllegalArgumentException: bad batch-timeout';
    expect(assessStatus(s)).toEqual({
      kind: 'failed',
      failures: [
        { what: 'connector', workerId: W, trace: 'java.lang.IllegalArgumentException: bad batch-timeout' },
        { what: 'task 1', workerId: W, trace: TRACE },
      ],
    });
  });

  it('treats PAUSED and STOPPED as halted, not as something to wait for', () => {
    expect(assessStatus(status('PAUSED', [[0, 'PAUSED']]))).toEqual({ kind: 'halted', state: 'PAUSED' });
    expect(assessStatus(status('STOPPED', []))).toEqual({ kind: 'halted', state: 'STOPPED' });
  });

  it('compares verdicts by kind and by which instances failed', () => {
    const f0 = assessStatus(status('RUNNING', [[0, 'FAILED', 'x']]));
    const f1 = assessStatus(
      status('RUNNING', [
        [0, 'RUNNING'],
        [1, 'FAILED', 'x'],
      ]),
    );
    expect(sameVerdict(f0, assessStatus(status('RUNNING', [[0, 'FAILED', 'other trace']])))).toBe(true);
    expect(sameVerdict(f0, f1)).toBe(false);
    expect(sameVerdict(assessStatus(status('RUNNING', [[0, 'RUNNING']])), f0)).toBe(false);
  });

  it('renders full traces indented under each failed instance', () => {
    expect(
      renderFailures('graph', [
        { what: 'task 0', workerId: W, trace: TRACE },
        { what: 'task 1', workerId: W, trace: '' },
      ]),
    ).toBe(
      [
        `  graph task 0 FAILED on worker ${W}:`,
        "    org.apache.kafka.connect.errors.ConnectException: Neo4j refused the sink's credentials or permissions: auth failure",
        '    \tat org.neo4j.connectors.kafka.sink.CypherWriter.run(CypherWriter.java:104)',
        `  graph task 1 FAILED on worker ${W}:`,
        '    (no trace reported)',
      ].join('\n'),
    );
  });

  it('summarises a trace by its first line and its first cause', () => {
    const wrapped =
      "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.\n\tat a.b(C.java:1)\nCaused by: org.apache.kafka.connect.errors.ConnectException: Neo4j refused the sink's credentials\n\tat d.e(F.java:2)\nCaused by: org.neo4j.driver.exceptions.AuthenticationException: unauthorized";
    expect(traceSummary(wrapped)).toBe(
      "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception. (caused by org.apache.kafka.connect.errors.ConnectException: Neo4j refused the sink's credentials)",
    );
    expect(traceSummary('java.lang.IllegalStateException: x\n\tat a.b(C.java:1)')).toBe(
      'java.lang.IllegalStateException: x',
    );
    expect(traceSummary('')).toBe('(no trace reported)');
  });
});
