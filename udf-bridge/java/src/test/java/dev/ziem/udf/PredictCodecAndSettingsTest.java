/* The wire codec and the settings parser: pure, no server. */
package dev.ziem.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PredictCodecAndSettingsTest {
  @Test
  void encodesOneInstance() {
    assertEquals("{\"instances\":[[1.0,-2.5,1.0E10]]}", PredictCodec.encode(Arrays.asList(1.0, -2.5, 1e10)));
    assertNull(PredictCodec.encode(Arrays.asList(1.0, Double.POSITIVE_INFINITY)));
  }

  @Test
  void decodesTheFirstPrediction() {
    assertEquals(0.25, PredictCodec.decodeFirst("{\"predictions\": [ 0.25, 3 ]}"));
    assertEquals(8.8e-5, PredictCodec.decodeFirst("{\"predictions\":[8.8e-5]}"));
    assertNull(PredictCodec.decodeFirst("{\"error\":\"x\"}"));
    assertNull(PredictCodec.decodeFirst("{\"predictions\":[]}"));
    assertNull(PredictCodec.decodeFirst("{\"predictions\":[null]}"));
  }

  @Test
  void settingsHaveDefaultsAndRejectBadValuesByKey() {
    UdfSettings d = UdfSettings.from(Map.of());
    assertEquals("http://127.0.0.1:8501/v1/models/anomaly:predict", d.predictUri().toString());
    assertEquals(200, d.timeoutMs);
    ConfigException e = assertThrows(ConfigException.class, () -> UdfSettings.from(Map.of(UdfSettings.PREFIX + "timeout.ms", "soon")));
    assertTrue(e.getMessage().contains("ksql.functions.anomaly_score.timeout.ms"), e.getMessage());
    assertThrows(ConfigException.class, () -> UdfSettings.from(Map.of(UdfSettings.PREFIX + "url", "ftp://x")));
    assertThrows(ConfigException.class, () -> UdfSettings.from(Map.of(UdfSettings.PREFIX + "model", "../etc")));
  }

  @Test
  void tokenNeverPrints() {
    UdfSettings s = UdfSettings.from(Map.of(UdfSettings.PREFIX + "token", "hunter2", UdfSettings.PREFIX + "url", "http://localhost:1/"));
    assertFalse(s.toString().contains("hunter2"));
    assertEquals("http://localhost:1/v1/models/anomaly:predict", s.predictUri().toString());
  }
}
