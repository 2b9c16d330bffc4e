// The error of a bad inventory or intel file: every problem found, each naming file:line and the
// field, so one run lists all that must be fixed. Nothing is written when there is one.
import { ZiemError } from '../../core/errors/ziem-error.js';

export class InventoryFileError extends ZiemError {
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[], hint: string) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(
      'INVENTORY_FILE',
      `${file}: ${problems.length} problem(s), nothing was written:\n  ${shown.join('\n  ')}${more}`,
      { hint },
    );
    this.problems = problems;
  }
}
