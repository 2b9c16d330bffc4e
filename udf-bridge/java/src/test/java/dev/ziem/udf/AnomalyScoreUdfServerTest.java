/*
 * The UDF against the real Node model server: scores equal the server's own, null on timeout
 * (server paused with SIGSTOP), null without calling while the breaker is open, and recovery once
 * the model appears; the bearer token is sent and required.
 */
package dev.ziem.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnomalyScoreUdfServerTest {
  static final List<Double> BENIGN = Arrays.asList(490.0, 92610.0, 4.0, 1.0, 0.0286, 0.0005, 0.0284, 14.0);
  static final List<Double> PORT_SCAN = Arrays.asList(1374.0, 78318.0, 1.0, 687.0, 0.4662, 0.4214, 0.0, 687.0);

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

  static AnomalyScoreUdf udf(String... kv) {
    Map<String, Object> props = new HashMap<>();
    props.put(UdfSettings.PREFIX + "url", server.url());
    props.put(UdfSettings.PREFIX + "token", ModelServerProcess.TOKEN);
    for (int i = 0; i < kv.length; i += 2) {
      props.put(UdfSettings.PREFIX + kv[i], kv[i + 1]);
    }
    AnomalyScoreUdf u = new AnomalyScoreUdf();
    u.configure(props);
    return u;
  }

  @Test
  void scoresEqualTheServersPredictions() throws Exception {
    AnomalyScoreUdf u = udf("model", "anomaly", "timeout.ms", "2000");
    Double benign = u.anomalyScore(BENIGN);
    Double scan = u.anomalyScore(PORT_SCAN);
    assertNotNull(benign);
    assertNotNull(scan);
    assertEquals(server.predictDirect("anomaly", BENIGN), benign, 1e-9);
    assertEquals(server.predictDirect("anomaly", PORT_SCAN), scan, 1e-9);
    assertTrue(scan > 10 * benign, "a port scan should score far above a benign host: " + scan + " vs " + benign);
  }

  @Test
  void badInputGivesNullWithoutThrowing() {
    AnomalyScoreUdf u = udf("timeout.ms", "2000");
    assertNull(u.anomalyScore(null));
    assertNull(u.anomalyScore(List.of()));
    assertNull(u.anomalyScore(Arrays.asList(1.0, null, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)));
    assertNull(u.anomalyScore(Arrays.asList(Double.NaN, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)));
    assertNull(u.anomalyScore(Arrays.asList(1.0, 2.0)), "wrong length is a 400 from the server");
  }

  @Test
  void missingTokenIsRefusedAndGivesNull() {
    AnomalyScoreUdf u = udf("token", "", "timeout.ms", "2000");
    assertNull(u.anomalyScore(BENIGN));
  }

  @Test
  void nullWhenTheServerDoesNotAnswerInTime() throws Exception {
    AnomalyScoreUdf u = udf("timeout.ms", "250", "breaker.failures", "100");
    assertNotNull(u.anomalyScore(BENIGN), "answers before the pause");
    server.signal("STOP");
    try {
      assertNull(u.anomalyScore(BENIGN));
    } finally {
      server.signal("CONT");
    }
    Double after = null;
    for (int i = 0; i < 20 && after == null; i++) {
      after = u.anomalyScore(BENIGN);
    }
    assertNotNull(after, "answers again after the pause");
  }

  @Test
  void breakerOpensSkipsTheServerAndRecovers() throws Exception {
    String unknown = "ziem_model_server_requests_total{route=\"predict\",code=\"404\"}";
    AnomalyScoreUdf u = udf("model", "late", "timeout.ms", "2000", "breaker.failures", "3", "breaker.cooldown.ms", "300");
    long before = server.metric(unknown);
    for (int i = 0; i < 3; i++) {
      assertNull(u.anomalyScore(BENIGN));
    }
    assertEquals("OPEN", u.breakerState());
    assertEquals(before + 3, server.metric(unknown), "three calls reached the server");
    for (int i = 0; i < 5; i++) {
      assertNull(u.anomalyScore(BENIGN));
    }
    assertEquals(before + 3, server.metric(unknown), "no call reached the server while the breaker was open");

    server.copyModel("anomaly", "late");
    long deadline = System.currentTimeMillis() + 30_000;
    Double score = null;
    while (score == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      score = u.anomalyScore(BENIGN);
    }
    assertNotNull(score, "the UDF recovers once model late is served");
    assertEquals("CLOSED", u.breakerState());
    assertEquals(server.predictDirect("late", BENIGN), score, 1e-9);
  }
}
