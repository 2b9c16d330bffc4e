// JSON serdes of the peer: record values as Jackson trees (what ksqlDB's JSON format reads and
// writes), and the tumbling count's aggregate as a small JSON object. A value that is not JSON
// deserializes to null, which the topologies drop (ksqlDB skips such records and logs them).
package dev.ziem.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

final class JsonSerde {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonSerde() {}

  static Serde<JsonNode> tree() {
    Serializer<JsonNode> ser =
        (topic, node) -> {
          if (node == null) return null;
          try {
            return MAPPER.writeValueAsBytes(node);
          } catch (IOException e) {
            throw new SerializationException("cannot write JSON for topic " + topic, e);
          }
        };
    Deserializer<JsonNode> de =
        (topic, bytes) -> {
          if (bytes == null) return null;
          try {
            return MAPPER.readTree(bytes);
          } catch (IOException e) {
            return null;
          }
        };
    return Serdes.serdeFrom(ser, de);
  }

  static <T> Serde<T> of(Class<T> type) {
    Serializer<T> ser =
        (topic, value) -> {
          if (value == null) return null;
          try {
            return MAPPER.writeValueAsBytes(value);
          } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName(), e);
          }
        };
    Deserializer<T> de =
        (topic, bytes) -> {
          if (bytes == null) return null;
          try {
            return MAPPER.readValue(bytes, type);
          } catch (IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName(), e);
          }
        };
    return Serdes.serdeFrom(ser, de);
  }
}
