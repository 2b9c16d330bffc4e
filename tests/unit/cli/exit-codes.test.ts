import { describe, expect, it } from 'vitest';
import { describeError, exitCodeFor } from '../../../core/errors/exit-codes.js';
import { ConfigError, InternalError, StackError, UsageError } from '../../../core/errors/ziem-error.js';

describe('exit codes', () => {
  it('maps usage and config errors to 2, everything else to 1', () => {
    expect(exitCodeFor(new UsageError('bad flag'))).toBe(2);
    expect(exitCodeFor(new ConfigError(['x']))).toBe(2);
    expect(exitCodeFor(new StackError('PORT_TAKEN', 'port 9092 is taken'))).toBe(1);
    expect(exitCodeFor(new InternalError('boom'))).toBe(1);
    expect(exitCodeFor(new TypeError('unexpected'))).toBe(1);
  });

  it('prints the message and hint, and the cause chain only when verbose', () => {
    const err = new StackError('PORT_TAKEN', 'port 9092 is taken', { hint: 'stop it', cause: new Error('EADDRINUSE') });
    expect(describeError(err, false)).toEqual(['error: port 9092 is taken', 'hint: stop it']);
    expect(describeError(err, true)).toContain('caused by: EADDRINUSE');
  });

  it('names errors after their class', () => {
    expect(new UsageError('x').name).toBe('UsageError');
  });
});
