// The one address form the pipeline joins on: an IPv4 address as tshark writes ip.src/ip.dst
// (dotted decimal, no leading zeros), since the joins compare strings. Pure.

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** Why `text` is not an address the pipeline can match, or undefined when it is one. */
export function addressProblem(text: string): string | undefined {
  if (text === '') return 'is empty';
  if (IPV4.test(text)) return undefined;
  if (/^[0-9a-f:.]+$/i.test(text) && text.includes(':'))
    return `${JSON.stringify(text)} is an IPv6 address: the pipeline reads IPv4 packets (ip.src/ip.dst) only`;
  if (/^[0-9.]+\/\d+$/.test(text))
    return `${JSON.stringify(text)} is a CIDR range: the pipeline matches exact addresses (list them one per line)`;
  if (/^\d+(\.\d+){3}$/.test(text))
    return `${JSON.stringify(text)} is not an IPv4 address as packets carry it (each part 0-255, no leading zeros)`;
  return `${JSON.stringify(text)} is not an IPv4 address`;
}
