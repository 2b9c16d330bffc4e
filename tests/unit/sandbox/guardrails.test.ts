import { describe, expect, it } from 'vitest';
import { checkPair, checkSource, checkTarget } from '../../../cli/sandbox/guardrails.js';
import { GuardrailError } from '../../../cli/sandbox/errors.js';
import { planLayout } from '../../../cli/sandbox/layout.js';

const layout = planLayout({
  cidr: '10.78.0.0/24',
  prefix: 'zt-',
  bridge: 'zt-br',
  roles: ['web', 'db', 'workstation', 'attacker'],
});
const g = { layout, ownAddresses: ['127.0.0.1', '192.168.1.20', '10.0.2.15'] };

function refusal(target: string): string {
  try {
    checkTarget(target, g);
  } catch (e) {
    expect(e).toBeInstanceOf(GuardrailError);
    return (e as Error).message;
  }
  throw new Error(`target ${target} was accepted`);
}

describe('attack guardrails', () => {
  it('accepts sandbox hosts by name and by address', () => {
    expect(checkTarget('web', g).ip).toBe('10.78.0.2');
    expect(checkTarget('10.78.0.3', g).name).toBe('db');
    expect(checkTarget(' attacker ', g).ip).toBe('10.78.0.5');
  });

  it.each([
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['192.168.1.20', /own addresses/],
    ['10.0.2.15', /own addresses/],
    ['8.8.8.8', /public address outside the sandbox/],
    ['1.1.1.1', /public/],
    ['192.168.1.5', /private address outside/],
    ['10.77.0.2', /private address outside the sandbox network 10.78.0.0\/24/],
    ['172.16.0.1', /private/],
    ['169.254.1.1', /link-local/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /outside/],
    ['0.0.0.0', /outside/],
    ['10.78.0.0', /no sandbox host has this address/],
    ['10.78.0.1', /no sandbox host/],
    ['10.78.0.255', /no sandbox host/],
    ['10.78.0.77', /no sandbox host/],
    ['localhost', /not the name of a sandbox host/],
    ['example.com', /not the name of a sandbox host/],
    ['web.example.com', /not the name/],
    ['10.78.0.0/24', /network range/],
    ['::1', /IPv6/],
    ['fe80::1', /IPv6/],
    ['010.78.0.2', /not the name/],
    ['', /empty/],
  ])('refuses %s', (target, why) => {
    expect(refusal(target)).toMatch(why);
  });

  it('refuses a sandbox host whose address is also one of ours', () => {
    expect(() => checkTarget('web', { layout, ownAddresses: ['10.78.0.2'] })).toThrow(
      /also one of this machine's own addresses/,
    );
    expect(() => checkTarget('10.78.0.2', { layout, ownAddresses: ['10.78.0.2'] })).toThrow(/own addresses/);
  });

  it('accepts only sandbox host names as a source, and never the target itself', () => {
    expect(checkSource('attacker', layout).ns).toBe('zt-attacker');
    expect(() => checkSource('10.78.0.5', layout)).toThrow(GuardrailError);
    expect(() => checkSource('kali', layout)).toThrow(/not the name of a sandbox host/);
    const a = checkSource('attacker', layout);
    expect(() => checkPair(a, a)).toThrow(/source host itself/);
  });
});
