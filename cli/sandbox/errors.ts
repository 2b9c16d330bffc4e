// The sandbox's errors: SandboxError for namespace, process and tool failures, GuardrailError for a
// refused attack target. Both are ZiemErrors; cli/main.ts turns them into exit codes.
import { ZiemError, type ZiemErrorOptions } from '../../core/errors/ziem-error.js';

export class SandboxError extends ZiemError {
  constructor(code: string, message: string, o: ZiemErrorOptions = {}) {
    super(code, message, o);
  }
}

/** An attack target or source that is not a sandbox host: refused before any packet is sent. */
export class GuardrailError extends ZiemError {
  readonly target: string;
  constructor(target: string, message: string, o: ZiemErrorOptions = {}) {
    super('GUARDRAIL', message, {
      hint: 'attacks may only target sandbox hosts; `ziem sandbox status` lists their names and addresses',
      ...o,
    });
    this.target = target;
  }
}
