// A record whose value is given as text (a capture line as tshark printed it): its bytes, the text
// in UTF-8, are encoded only when first read. On the in-memory driver a record produced to a topic
// that keeps no records goes to its readers as it is, and a reader whose format reads text (JSON:
// Serde.textInto) parses the text itself: encoding each line into a Buffer only for every reader
// to decode it back was work for nothing. Anything that asks for `value` (another format, a topic
// that keeps its records, the Kafka driver) gets the very bytes Buffer.from(text) gives.
import type { RecordHeader, TopicRecord } from './topic-driver.js';

const NO_HEADERS: RecordHeader[] = Object.freeze([]) as unknown as RecordHeader[];

export class TextRecord implements TopicRecord {
  readonly headers = NO_HEADERS;
  /** Assigned by the driver on produce. */
  offset: number | undefined = undefined;
  private bytes: Buffer | undefined = undefined;

  constructor(
    readonly key: Buffer | null,
    /** The value's text; the value is never null (a tombstone has no text). */
    readonly text: string,
    readonly timestamp: number,
    readonly partition = 0,
  ) {}

  get value(): Buffer {
    return (this.bytes ??= Buffer.from(this.text, 'utf8'));
  }

  /** Whether the text is what its bytes decode back to: true unless it holds a lone surrogate
   *  (which UTF-8 cannot hold: encoding writes U+FFFD in its place). */
  get decodesToText(): boolean {
    return (this.text as string & { isWellFormed(): boolean }).isWellFormed();
  }
}
