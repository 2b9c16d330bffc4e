// Renders the config templates in local/templates: `${name}` placeholders filled from a table of
// values. A placeholder without a value is a bug in ziem, so it fails loudly instead of rendering blank.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../../core/errors/ziem-error.js';
import { localDir } from './layout.js';

export function renderTemplate(
  text: string,
  values: Readonly<Record<string, string | number>>,
  name = 'template',
): string {
  return text.replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new InternalError(`${name}: no value for placeholder \${${key}}`);
    return String(v);
  });
}

export function renderLocalTemplate(file: string, values: Readonly<Record<string, string | number>>): string {
  return renderTemplate(readFileSync(join(localDir(), 'templates', file), 'utf8'), values, `local/templates/${file}`);
}

export const log4jConfigFile = (): string => join(localDir(), 'templates', 'log4j2.properties');
