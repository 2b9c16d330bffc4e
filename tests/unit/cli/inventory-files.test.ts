// The asset inventory and intel list parsers: what a good file yields, and that every bad row is
// reported at once with file:line and the field, and nothing is yielded (the importers write
// nothing). Also the CSV reader's quoting and the records the tables read.
import { describe, expect, it } from 'vitest';
import { parseAssetFile } from '../../../cli/inventory/asset-file.js';
import { parseIntelFile } from '../../../cli/inventory/intel-file.js';
import { csvRows } from '../../../cli/inventory/csv-rows.js';
import { InventoryFileError } from '../../../cli/inventory/inventory-error.js';
import { assetRecord, intelRecord } from '../../../cli/inventory/inventory-records.js';

function problems(f: () => unknown): readonly string[] {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InventoryFileError);
    expect((err as Error).message).toContain('nothing was written');
    return (err as InventoryFileError).problems;
  }
  throw new Error('expected an InventoryFileError');
}

describe('csvRows', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, naming each row by its first line', () => {
    const rows = csvRows('a,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['two\nlines', 'z'] },
    ]);
  });
});

describe('parseAssetFile', () => {
  it('reads the columns in any order and case, lower-cases criticality, reports unknown columns', () => {
    const f = parseAssetFile(
      '\uFEFFCriticality,IP,Name,Owner,rack\nHigh,10.0.0.5,"db-1, primary",dba,r1\nlow,10.0.0.6,printer,,r2\n',
      'inv.csv',
    );
    expect(f.ignoredColumns).toEqual(['rack']);
    expect(f.assets).toEqual([
      { ip: '10.0.0.5', name: 'db-1, primary', owner: 'dba', criticality: 'high' },
      { ip: '10.0.0.6', name: 'printer', owner: null, criticality: 'low' },
    ]);
    expect(assetRecord(f.assets[1]!)).toEqual({
      key: '10.0.0.6',
      value: '{"NAME":"printer","OWNER":null,"CRITICALITY":"low"}',
    });
  });

  it('lists every bad row with file:line and field', () => {
    const text = [
      'ip,name,owner,criticality',
      '10.0.0.1,ok,me,medium',
      '10.0.0.256,bad-ip,me,low',
      '10.0.0.1,dup,me,low',
      '010.0.0.2,zeros,me,low',
      '10.0.0.3,,me,urgent',
      '10.0.0.4,short',
      'fe80::1,v6,me,low',
      '10.1.0.0/16,net,me,low',
    ].join('\n');
    expect(problems(() => parseAssetFile(text, 'inv.csv'))).toEqual([
      'inv.csv:3: field ip "10.0.0.256" is not an IPv4 address as packets carry it (each part 0-255, no leading zeros)',
      'inv.csv:4: field ip 10.0.0.1 is already on line 2',
      'inv.csv:5: field ip "010.0.0.2" is not an IPv4 address as packets carry it (each part 0-255, no leading zeros)',
      'inv.csv:6: field name is empty',
      'inv.csv:6: field criticality "urgent" is not one of low, medium, high, critical',
      'inv.csv:7: 2 field(s) where the header has 4',
      'inv.csv:8: field ip "fe80::1" is an IPv6 address: the pipeline reads IPv4 packets (ip.src/ip.dst) only',
      'inv.csv:9: field ip "10.1.0.0/16" is a CIDR range: the pipeline matches exact addresses (list them one per line)',
    ]);
  });

  it('refuses a header without the four columns, an empty file and an open quote', () => {
    expect(problems(() => parseAssetFile('ip,name,criticality,ip\n', 'a.csv'))).toEqual([
      'a.csv:1: column ip appears twice in the header',
      'a.csv:1: the header has no column owner',
    ]);
    expect(problems(() => parseAssetFile('', 'e.csv'))).toEqual(['e.csv: the file is empty (no header row)']);
    expect(problems(() => parseAssetFile('ip,name,owner,criticality\n10.0.0.1,"open,me,low\n', 'q.csv'))).toEqual([
      'q.csv:2: a quoted field opened on line 2 is never closed',
    ]);
  });
});

describe('parseIntelFile', () => {
  it('reads bare addresses and address,source,description lines, with comments and a header', () => {
    const f = parseIntelFile(
      [
        '# feed of 2026-12-04',
        'ip,source,description',
        '203.0.113.5',
        '198.51.100.7,feodo,"C2, emotet"  # trailing comment',
        '',
        '192.0.2.1/32 , abuse.ch ,',
        '203.0.113.5,again,listed twice',
      ].join('\n'),
      'bad.txt',
    );
    expect(f.duplicates).toBe(1);
    expect(f.entries).toEqual([
      { ip: '203.0.113.5', source: null, description: null },
      { ip: '198.51.100.7', source: 'feodo', description: 'C2, emotet' },
      { ip: '192.0.2.1', source: 'abuse.ch', description: null },
    ]);
    expect(intelRecord(f.entries[1]!)).toEqual({
      key: '198.51.100.7',
      value: '{"INTEL_SOURCE":"feodo","DESCRIPTION":"C2, emotet"}',
    });
  });

  it('lists every bad line, CIDR ranges and too many fields included', () => {
    expect(
      problems(() => parseIntelFile('203.0.113.5\n10.0.0.0/8 # private\nevil.example\na,b,c,d\n', 'l.txt')),
    ).toEqual([
      'l.txt:2: field address "10.0.0.0/8" is a CIDR range: the pipeline matches exact addresses (list them one per line)',
      'l.txt:3: field address "evil.example" is not an IPv4 address',
      'l.txt:4: 4 fields; expected address[,source[,description]]',
    ]);
  });

  it('an empty list (or only comments) is no addresses, not an error', () => {
    expect(parseIntelFile('# nothing yet\n\n', 'e.txt')).toEqual({ entries: [], duplicates: 0 });
  });
});
