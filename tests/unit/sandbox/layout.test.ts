import { describe, expect, it } from 'vitest';
import { planLayout } from '../../../cli/sandbox/layout.js';
import { SandboxError } from '../../../cli/sandbox/errors.js';
import { addressClass, parseCidr, parseIpv4, formatIpv4, overlaps } from '../../../cli/sandbox/ipv4.js';

describe('sandbox layout', () => {
  it('derives names and addresses from prefix and CIDR', () => {
    const l = planLayout({
      cidr: '10.77.0.0/24',
      prefix: 'zm-',
      bridge: 'zm-br',
      roles: ['web', 'db', 'workstation', 'attacker'],
    });
    expect(l.hosts).toEqual([
      { name: 'web', role: 'web', ip: '10.77.0.2', ns: 'zm-web', veth: 'zm-v0' },
      { name: 'db', role: 'db', ip: '10.77.0.3', ns: 'zm-db', veth: 'zm-v1' },
      { name: 'workstation', role: 'workstation', ip: '10.77.0.4', ns: 'zm-workstation', veth: 'zm-v2' },
      { name: 'attacker', role: 'attacker', ip: '10.77.0.5', ns: 'zm-attacker', veth: 'zm-v3' },
    ]);
  });

  it('numbers repeated roles and normalises the network address', () => {
    const l = planLayout({
      cidr: '192.168.50.77/28',
      prefix: 't1-',
      bridge: 't1-br',
      roles: ['web', 'web', 'attacker'],
    });
    expect(l.cidr).toBe('192.168.50.64/28');
    expect(l.hosts.map((h) => `${h.name}=${h.ip}`)).toEqual([
      'web1=192.168.50.66',
      'web2=192.168.50.67',
      'attacker=192.168.50.68',
    ]);
  });

  it('refuses public networks, too-small networks and unknown roles', () => {
    expect(() => planLayout({ cidr: '8.8.8.0/24', prefix: 'zm-', bridge: 'zm-br', roles: ['web'] })).toThrow(
      /not inside a private range/,
    );
    expect(() => planLayout({ cidr: '10.1.1.0/30', prefix: 'zm-', bridge: 'zm-br', roles: ['web', 'db'] })).toThrow(
      /room for 1 hosts, 2 requested/,
    );
    expect(() => planLayout({ cidr: '10.1.1.0/24', prefix: 'zm-', bridge: 'zm-br', roles: ['mail'] })).toThrow(
      SandboxError,
    );
    expect(() => planLayout({ cidr: '10.1.1.0/24', prefix: 'zm-', bridge: 'zm-br', roles: [] })).toThrow(
      /at least one/,
    );
  });
});

describe('ipv4', () => {
  it('parses strictly and round-trips', () => {
    expect(formatIpv4(parseIpv4('10.77.0.254')!)).toBe('10.77.0.254');
    expect(parseIpv4('256.1.1.1')).toBeUndefined();
    expect(parseIpv4('10.1.1')).toBeUndefined();
    expect(parseIpv4('01.2.3.4')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('classifies addresses and detects overlap', () => {
    expect(addressClass(parseIpv4('127.0.0.53')!)).toBe('loopback');
    expect(addressClass(parseIpv4('172.31.255.1')!)).toBe('private');
    expect(addressClass(parseIpv4('172.32.0.1')!)).toBe('public');
    expect(overlaps(parseCidr('10.0.0.0/8')!, parseCidr('10.77.0.0/24')!)).toBe(true);
    expect(overlaps(parseCidr('10.78.0.0/24')!, parseCidr('10.77.0.0/24')!)).toBe(false);
  });
});
