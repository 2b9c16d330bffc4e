// The Cypher of graph compaction (connectors/ziem-flows-graph.json writes what it reads). A batch is
// one transaction of two statements: CLAIM picks at most $limit FlowWindow nodes that ended at or
// before $cutoff and takes the write locks, in the sink's order (the pair's TALKS_TO first, then the
// window), so every value FOLD then reads is final; FOLD adds each pair's windows to the TALKS_TO's
// folded* totals, moves its foldedThrough watermark (the sink ignores updates of windows ending at
// or before it) and deletes the windows. Both commit together or not at all: a window is either
// still there, unfolded, or gone and counted once.

/** Windows with their pair's TALKS_TO locked (the sink always writes both; ON CREATE restores one deleted by hand). */
export const CLAIM = `
MATCH (w:FlowWindow) WHERE w.windowEnd <= $cutoff AND w.src IS NOT NULL AND w.dst IS NOT NULL
WITH w LIMIT $limit
MERGE (s:Host {ip: w.src})
MERGE (d:Host {ip: w.dst})
MERGE (s)-[t:TALKS_TO]->(d)
  ON CREATE SET t.packets = 0, t.bytes = 0, t.restoredByFold = true
SET t.packets = t.packets
SET w.foldClaimed = true
RETURN elementId(w) AS w, elementId(t) AS t`;

// by the ids CLAIM returned: matching the pattern again would expand a flood victim's tens of
// thousands of relationships for every window
export const FOLD = `
UNWIND $claims AS c
MATCH (w:FlowWindow) WHERE elementId(w) = c.w
MATCH ()-[t:TALKS_TO]->() WHERE elementId(t) = c.t
WITH t, collect(w) AS ws, count(w) AS n,
     sum(coalesce(w.packets, 0)) AS packets, sum(coalesce(w.bytes, 0)) AS bytes,
     sum(coalesce(w.syns, 0)) AS syns, sum(coalesce(w.synAcks, 0)) AS synAcks, sum(coalesce(w.acks, 0)) AS acks,
     sum(coalesce(w.rsts, 0)) AS rsts, sum(coalesce(w.fins, 0)) AS fins,
     max(w.windowEnd) AS through, max(w.ports) AS ports
SET t.foldedWindows = coalesce(t.foldedWindows, 0) + n,
    t.foldedPackets = coalesce(t.foldedPackets, 0) + packets,
    t.foldedBytes = coalesce(t.foldedBytes, 0) + bytes,
    t.foldedSyns = coalesce(t.foldedSyns, 0) + syns,
    t.foldedSynAcks = coalesce(t.foldedSynAcks, 0) + synAcks,
    t.foldedAcks = coalesce(t.foldedAcks, 0) + acks,
    t.foldedRsts = coalesce(t.foldedRsts, 0) + rsts,
    t.foldedFins = coalesce(t.foldedFins, 0) + fins,
    t.foldedThrough = CASE WHEN t.foldedThrough IS NULL OR through > t.foldedThrough THEN through ELSE t.foldedThrough END,
    t.packets = CASE WHEN t.restoredByFold THEN t.packets + packets ELSE t.packets END,
    t.bytes = CASE WHEN t.restoredByFold THEN t.bytes + bytes ELSE t.bytes END,
    t.ports = CASE WHEN t.ports IS NULL OR ports > t.ports THEN ports ELSE t.ports END
REMOVE t.restoredByFold
FOREACH (w IN ws | DELETE w)
RETURN count(t) AS pairs, sum(n) AS windows`;

/** What a run with this cutoff would fold (the dry run, and the progress total). */
export const PENDING = `
MATCH (w:FlowWindow) WHERE w.windowEnd <= $cutoff AND w.src IS NOT NULL AND w.dst IS NOT NULL
RETURN count(w) AS windows, count(DISTINCT [w.src, w.dst]) AS pairs, min(w.windowEnd) AS oldest`;

/** The graph's size, from Neo4j's count store (constant time). */
export const SIZE = `
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (w:FlowWindow) RETURN count(w) AS flowWindows }
CALL () { MATCH (h:Host) RETURN count(h) AS hosts }
CALL () { MATCH ()-[t:TALKS_TO]->() RETURN count(t) AS talksTo }
RETURN nodes, relationships, flowWindows, hosts, talksTo`;
