// The end of a capture for the pipeline: a live deployment's windows close when later packets move
// stream time past their end and grace (HOST_WINDOWS is EMIT FINAL), but a capture file just stops,
// so its last windows, often the whole attack in a short capture, would never be scored. After the
// last packet, analyze sends one marker packet from the unspecified address 0.0.0.0 a minute later,
// past every window's size and grace: the windows close as they would have live. It is not part of
// the capture's summary, and one packet raises no rule.
export const END_OF_CAPTURE_DELAY_MS = 60_000;

export const END_OF_CAPTURE_SOURCE = '0.0.0.0';

/** The marker packet, as a capture-agent line, at `lastPacketMs` + the delay. */
export function endOfCapturePacket(lastPacketMs: number): { line: string; timestampMs: number } {
  const timestampMs = lastPacketMs + END_OF_CAPTURE_DELAY_MS;
  const layers = {
    frame_len: ['60'],
    ip_src: [END_OF_CAPTURE_SOURCE],
    ip_dst: [END_OF_CAPTURE_SOURCE],
    ip_proto: ['17'],
  };
  return { line: JSON.stringify({ timestamp: String(timestampMs), layers }), timestampMs };
}
