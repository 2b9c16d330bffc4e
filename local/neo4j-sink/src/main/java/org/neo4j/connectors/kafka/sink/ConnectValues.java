/*
 * Turns Connect record data (schemaless maps and lists from JsonConverter, or Structs with a schema)
 * into the plain Java values the Neo4j driver accepts as query parameters. Types Neo4j cannot store
 * are mapped to their nearest Cypher type: decimals to floats, java.util.Date to a UTC datetime.
 */
package org.neo4j.connectors.kafka.sink;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

final class ConnectValues {
  private ConnectValues() {}

  static Object toDriver(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) return v;
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float) return ((Float) v).doubleValue();
    if (v instanceof BigDecimal) return ((BigDecimal) v).doubleValue();
    if (v instanceof byte[]) return v;
    if (v instanceof ByteBuffer) {
      ByteBuffer b = ((ByteBuffer) v).duplicate();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    }
    if (v instanceof Date) return ((Date) v).toInstant().atOffset(ZoneOffset.UTC);
    if (v instanceof Struct) return structToMap((Struct) v);
    if (v instanceof Map) return mapToMap((Map<?, ?>) v);
    if (v instanceof List) return listToList((List<?>) v);
    throw new DataException("cannot write a value of type " + v.getClass().getName() + " to Neo4j");
  }

  private static Map<String, Object> structToMap(Struct s) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : s.schema().fields()) out.put(f.name(), toDriver(s.get(f)));
    return out;
  }

  private static Map<String, Object> mapToMap(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), toDriver(e.getValue()));
    return out;
  }

  private static List<Object> listToList(List<?> l) {
    List<Object> out = new ArrayList<>(l.size());
    for (Object o : l) out.add(toDriver(o));
    return out;
  }

  /** One record as the map the rewritten query unwinds: value, key, header, timestamp. */
  static Map<String, Object> event(SinkRecord r) {
    Map<String, Object> headers = new LinkedHashMap<>();
    for (Header h : r.headers()) headers.put(h.key(), toDriver(h.value()));
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("value", toDriver(r.value()));
    e.put("key", toDriver(r.key()));
    e.put("header", headers);
    e.put("timestamp", r.timestamp());
    return e;
  }
}
