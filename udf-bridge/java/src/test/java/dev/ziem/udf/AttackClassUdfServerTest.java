/*
 * ATTACK_CLASS against the real Node model server serving a classifier trained by `ziem model train
 * --supervised`: the UDF's class and probability equal the server's own :classify answer, the
 * result is a Struct of ATTACK_CLASS's declared schema, and a missing model or bad input gives null.
 */
package dev.ziem.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AttackClassUdfServerTest {
  /** A SYN port scan's window and a quiet host's, as the pipeline computes them (attack-windows.jsonl). */
  static final List<Double> PORT_SCAN = Arrays.asList(881.0, 47574.0, 1.0, 879.0, 0.9977, 0.0, 0.0023, 0.0, 0.0, 0.0, 54.0);
  static final List<Double> QUIET = Arrays.asList(9.0, 1500.0, 1.0, 1.0, 0.11, 0.0, 0.0, 0.22, 0.66, 0.0, 166.0);

  static ModelServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    server = ModelServerProcess.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static AttackClassUdf udf(String... kv) {
    String prefix = "ksql.functions.attack_class.";
    Map<String, Object> props = new HashMap<>();
    props.put(prefix + "url", server.url());
    props.put(prefix + "token", ModelServerProcess.TOKEN);
    props.put(prefix + "timeout.ms", "2000");
    for (int i = 0; i < kv.length; i += 2) {
      props.put(prefix + kv[i], kv[i + 1]);
    }
    AttackClassUdf u = new AttackClassUdf();
    u.configure(props);
    return u;
  }

  @Test
  void classEqualsTheServersOwnTopClass() throws Exception {
    AttackClassUdf u = udf();
    for (List<Double> v : List.of(PORT_SCAN, QUIET)) {
      Struct got = u.attackClass(v);
      assertNotNull(got);
      assertEquals(AttackClassUdf.RESULT, got.schema());
      ClassifyCodec.TopClass direct = server.classifyDirect("attack-class", v);
      assertEquals(direct.label, got.getString("LABEL"));
      assertEquals(direct.probability, got.getFloat64("PROBABILITY"), 1e-12);
    }
    assertEquals("port-scan", u.attackClass(PORT_SCAN).getString("LABEL"));
  }

  @Test
  void nullForAMissingModelOrBadInput() {
    assertNull(udf("model", "no-such-model").attackClass(PORT_SCAN));
    AttackClassUdf u = udf();
    assertNull(u.attackClass(null));
    assertNull(u.attackClass(List.of()));
    assertNull(u.attackClass(Arrays.asList(1.0, null)));
    // an anomaly model has no classes: the server answers 400 and the UDF gives null
    assertNull(udf("model", "anomaly").attackClass(Arrays.asList(490.0, 92610.0, 4.0, 1.0, 0.0286, 0.0005, 0.0284, 14.0)));
  }

  @Test
  void codecRoundTrip() {
    assertEquals("{\"examples\":[{\"features\":[1.0,0.5]}]}", ClassifyCodec.encode(Arrays.asList(1.0, 0.5)));
    ClassifyCodec.TopClass t = ClassifyCodec.decodeTop("{\"result\": [[[\"a\\\"b\", 0.75], [\"c\", 0.25]]]}");
    assertNotNull(t);
    assertEquals("a\"b", t.label);
    assertEquals(0.75, t.probability, 0);
    assertNull(ClassifyCodec.decodeTop("{\"error\":\"x\"}"));
    assertNull(ClassifyCodec.decodeTop("{\"result\":[[[\"a\"]]]}"));
  }
}
