// The benchmark's two queries as Kafka Streams topologies, column for column:
//   PF: SELECT SRC, DST, DPORT, LEN * 8 AS BITS FROM IN_S WHERE DPORT < 800 EMIT CHANGES
//   TC: SELECT SRC, DST, COUNT(*) AS N, COUNT_DISTINCT(DPORT) AS PORTS FROM IN_S
//       WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY SRC, DST EMIT CHANGES  (KEY_FORMAT='JSON')
// TC re-keys by (SRC, DST) through a repartition topic, as ksqlDB's GROUP BY on value columns does,
// and keeps ksqlDB's default grace of 24 h when a window has no GRACE PERIOD.
package dev.ziem.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.WindowStore;

final class Topologies {
  static final long WINDOW_MS = 10_000;

  private Topologies() {}

  static Topology build(String name, String input, String output) {
    switch (name) {
      case "project_filter":
        return projectFilter(input, output);
      case "tumbling_count":
        return tumblingCount(input, output);
      default:
        throw new IllegalArgumentException("unknown topology " + name + " (project_filter, tumbling_count)");
    }
  }

  static Topology projectFilter(String input, String output) {
    Serde<JsonNode> json = JsonSerde.tree();
    StreamsBuilder b = new StreamsBuilder();
    b.stream(input, Consumed.with(Serdes.ByteArray(), json))
        .filter((k, v) -> v != null && v.path("DPORT").isNumber() && v.get("DPORT").asInt() < 800)
        .mapValues(
            v -> {
              ObjectNode o = JsonSerde.MAPPER.createObjectNode();
              o.set("SRC", v.get("SRC"));
              o.set("DST", v.get("DST"));
              o.set("DPORT", v.get("DPORT"));
              JsonNode len = v.get("LEN");
              if (len != null && len.isNumber()) o.put("BITS", len.asInt() * 8);
              else o.putNull("BITS");
              return (JsonNode) o;
            })
        .to(output, Produced.with(Serdes.ByteArray(), json));
    return b.build();
  }

  static Topology tumblingCount(String input, String output) {
    Serde<JsonNode> json = JsonSerde.tree();
    StreamsBuilder b = new StreamsBuilder();
    b.stream(input, Consumed.with(Serdes.ByteArray(), json))
        // GROUP BY drops rows whose grouping columns are null
        .filter((k, v) -> v != null && v.hasNonNull("SRC") && v.hasNonNull("DST"))
        .groupBy((k, v) -> groupKey(v), Grouped.with("tc-groupby", Serdes.String(), json))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(WINDOW_MS), Duration.ofHours(24)))
        .aggregate(
            CountAndPorts::new,
            (key, v, agg) -> agg.add(v),
            Materialized.<String, CountAndPorts, WindowStore<Bytes, byte[]>>as("tc-store")
                .withKeySerde(Serdes.String())
                .withValueSerde(JsonSerde.of(CountAndPorts.class)))
        .toStream()
        .mapValues(
            (wk, agg) -> {
              ObjectNode o = JsonSerde.MAPPER.createObjectNode();
              o.put("N", agg.count);
              o.put("PORTS", agg.ports.length);
              return (JsonNode) o;
            })
        .to(output, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, WINDOW_MS), json));
    return b.build();
  }

  /** The JSON key {"SRC":…,"DST":…} of KEY_FORMAT='JSON' with two key columns. */
  private static String groupKey(JsonNode v) {
    ObjectNode k = JsonSerde.MAPPER.createObjectNode();
    k.set("SRC", v.get("SRC"));
    k.set("DST", v.get("DST"));
    return k.toString();
  }
}
