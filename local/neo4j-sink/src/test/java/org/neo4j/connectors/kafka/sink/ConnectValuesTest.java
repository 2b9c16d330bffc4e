/*
 * Connect data to driver parameters: schemaless JSON maps, Structs, numbers widened to the types
 * Neo4j stores, and the per-message event map with key, header and timestamp.
 */
package org.neo4j.connectors.kafka.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ConnectValuesTest {
  @Test
  void widensNumbersAndKeepsJsonShapes() {
    Map<String, Object> in = Map.of("n", 3, "f", 1.5f, "d", new BigDecimal("2.25"), "l", List.of((short) 1, "x"));
    assertEquals(Map.of("n", 3L, "f", 1.5d, "d", 2.25d, "l", List.of(1L, "x")), ConnectValues.toDriver(in));
  }

  @Test
  void turnsStructsIntoMapsAndDatesIntoUtcDatetimes() {
    Schema schema = SchemaBuilder.struct().field("ip", Schema.STRING_SCHEMA).field("port", Schema.INT32_SCHEMA).build();
    assertEquals(Map.of("ip", "10.0.0.1", "port", 80L), ConnectValues.toDriver(new Struct(schema).put("ip", "10.0.0.1").put("port", 80)));
    assertEquals(OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC), ConnectValues.toDriver(new Date(1000)));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) ConnectValues.toDriver(ByteBuffer.wrap(new byte[] {1, 2})));
  }

  @Test
  void rejectsTypesNeo4jCannotStore() {
    assertThrows(DataException.class, () -> ConnectValues.toDriver(new Object()));
  }

  @Test
  void buildsTheEventOfOneRecord() {
    SinkRecord r = new SinkRecord("flows", 0, null, "k1", null, Map.of("src", "a"), 42L, 1700000000000L, TimestampType.CREATE_TIME);
    r.headers().addString("origin", "sandbox");
    Map<String, Object> e = ConnectValues.event(r);
    assertEquals(Map.of("src", "a"), e.get("value"));
    assertEquals("k1", e.get("key"));
    assertEquals(Map.of("origin", "sandbox"), e.get("header"));
    assertEquals(1700000000000L, e.get("timestamp"));
  }
}
