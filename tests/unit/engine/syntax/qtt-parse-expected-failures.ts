// Cases of ../shared/ksql-qtt whose statements this parser cannot yet read (or rejects with other
// words than ksqlDB's), each with its reason. The round-trip test asserts that every one listed still
// fails, so an entry must be removed as soon as the parser handles it; nothing is skipped silently.

/** `<file>/<case name>` → why it fails today. */
export const EXPECTED_PARSE_FAILURES: Readonly<Record<string, string>> = {};
