// DECIMAL values as Java's BigDecimal.unscaledValue().toByteArray() holds them (big-endian two's
// complement of the unscaled integer), the form PROTOBUF's confluent.type.Decimal and Avro's
// `decimal` logical type carry.
/** A decimal number's unscaled value, big-endian two's complement, as BigDecimal.unscaledValue(). */
export function decimalBytes(n: number, scale: number): Buffer {
  let u = BigInt(n.toFixed(scale).replace('.', ''));
  const out: number[] = [];
  for (;;) {
    out.unshift(Number(u & 0xffn));
    const rest = u >> 8n;
    const sign = (out[0]! & 0x80) !== 0;
    if ((rest === 0n && !sign) || (rest === -1n && sign)) break;
    u = rest;
  }
  return Buffer.from(out);
}

export function decimalOf(b: Buffer, scale: number): number {
  if (b.length === 0) return 0;
  let u = 0n;
  for (const byte of b) u = (u << 8n) | BigInt(byte);
  u = BigInt.asIntN(b.length * 8, u);
  const digits = (u < 0n ? -u : u).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number(u < 0n ? `-${text}` : text);
}
