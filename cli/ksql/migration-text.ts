// Reads a migration file's bytes as text, refusing what ksqlDB could only misread: bytes that are
// not UTF-8 (they would be replaced by U+FFFD and applied), a byte-order mark (it becomes part of the
// first statement: a bare "Syntax Error") and a NUL byte. Each refusal names file:line.
import { ZiemError } from '../../core/errors/ziem-error.js';

/** The byte offset of the first byte that does not start or continue a valid UTF-8 sequence. Pure. */
export function firstInvalidUtf8(b: Buffer): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    // overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return undefined;
}

function lineAt(b: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) line++;
  return line;
}

export function migrationText(where: string, bytes: Buffer): string {
  const fail = (offset: number, what: string, hint: string): never => {
    throw new ZiemError('MIGRATION_TEXT', `${where}:${lineAt(bytes, offset)}: ${what}`, { hint });
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    fail(0, 'the file starts with a UTF-8 byte-order mark', 'save the file as UTF-8 without a BOM');
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined)
    fail(
      bad,
      `byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad} is not UTF-8`,
      'migration files are read as UTF-8; convert the file, e.g. `iconv -f latin1 -t utf-8`',
    );
  const nul = bytes.indexOf(0);
  if (nul >= 0) fail(nul, `a NUL byte at offset ${nul}`, 'remove it: a migration file is text');
  return bytes.toString('utf8');
}
