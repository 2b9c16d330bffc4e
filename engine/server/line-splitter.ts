// Splits a streamed request body into lines in linear time: each chunk is scanned once for
// newlines and the pieces of a line are joined once, when it ends (appending to one string and
// re-splitting it made one long line quadratic). A line longer than `max` bytes stops the split.

export class LineSplitter {
  private parts: string[] = [];
  private bytes = 0;
  private stopped = false;
  /** 1-based number of the line being read. */
  private lineNo = 1;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
    private readonly onTooLong: (lineNo: number) => void,
  ) {}

  push(chunk: string): void {
    if (this.stopped) return;
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      if (!this.take(chunk.slice(start, nl))) return;
      const line = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
      this.parts = [];
      this.bytes = 0;
      this.lineNo++;
      this.onLine(line);
      start = nl + 1;
      if (this.stopped) return;
    }
    this.take(chunk.slice(start));
  }

  /** The last line, when the body does not end with a newline. */
  end(): void {
    if (this.stopped) return;
    const line = this.parts.join('');
    this.parts = [];
    this.bytes = 0;
    this.onLine(line);
  }

  /** No more lines are wanted (the reply ended). */
  stop(): void {
    this.stopped = true;
    this.parts = [];
  }

  private take(piece: string): boolean {
    if (piece === '') return true;
    this.bytes += Buffer.byteLength(piece, 'utf8');
    if (this.bytes > this.max) {
      this.stop();
      this.onTooLong(this.lineNo);
      return false;
    }
    this.parts.push(piece);
    return true;
  }
}
