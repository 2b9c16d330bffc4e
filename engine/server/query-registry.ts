// The transient (push) queries currently streaming, by id, so /close-query and TERMINATE of a
// transient id can stop them and shutdown can end them all. Ids match case-insensitively, as
// ksqlDB's QueryId does (the parser upper-cases the id in `TERMINATE transient_x_1`).

export interface OpenQuery {
  close(): void;
  /** The SELECT as written, shown by SHOW QUERIES (ksqlDB lists push queries as queryType PUSH). */
  text?: string;
}

export interface OpenQueryInfo {
  id: string;
  text: string;
}

export class QueryRegistry {
  private readonly open = new Map<string, OpenQuery & { id: string }>();

  add(id: string, q: OpenQuery): void {
    this.open.set(id.toUpperCase(), { ...q, close: () => q.close(), id });
  }

  /** The open queries, oldest first. */
  list(): OpenQueryInfo[] {
    return [...this.open.values()].map((q) => ({ id: q.id, text: q.text ?? '' }));
  }

  has(id: string): boolean {
    return this.open.has(id.toUpperCase());
  }

  /** Closes and forgets the query; false when no such query is open. */
  close(id: string): boolean {
    const q = this.open.get(id.toUpperCase());
    if (!q) return false;
    this.open.delete(id.toUpperCase());
    q.close();
    return true;
  }

  remove(id: string): void {
    this.open.delete(id.toUpperCase());
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }
}
