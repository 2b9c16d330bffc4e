// The model's error class: training input, model files and evaluation problems, each with a
// stable code. The HTTP server maps request problems to status codes itself (see http-errors.ts).
import { ZiemError, type ZiemErrorOptions } from '../../core/errors/ziem-error.js';

export class ModelError extends ZiemError {
  constructor(code: string, message: string, o: ZiemErrorOptions = {}) {
    super(code, message, o);
  }
}
