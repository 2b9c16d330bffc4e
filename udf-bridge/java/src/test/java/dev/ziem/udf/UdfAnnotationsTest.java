/* The UDF class carries what ksqlDB's loader looks for: @UdfDescription, a public @Udf method over List<Double>. */
package dev.ziem.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confluent.ksql.function.udf.Udf;
import io.confluent.ksql.function.udf.UdfDescription;
import io.confluent.ksql.function.udf.UdfParameter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.kafka.common.Configurable;
import org.junit.jupiter.api.Test;

class UdfAnnotationsTest {
  @Test
  void classAndMethodAreAnnotated() throws Exception {
    UdfDescription d = AnomalyScoreUdf.class.getAnnotation(UdfDescription.class);
    assertNotNull(d);
    assertEquals("anomaly_score", d.name());
    assertTrue(Configurable.class.isAssignableFrom(AnomalyScoreUdf.class));
    Method m = AnomalyScoreUdf.class.getMethod("anomalyScore", List.class);
    assertTrue(Modifier.isPublic(m.getModifiers()));
    assertNotNull(m.getAnnotation(Udf.class));
    assertEquals(Double.class, m.getReturnType());
    assertEquals("java.util.List<java.lang.Double>", m.getGenericParameterTypes()[0].getTypeName());
    UdfParameter p = m.getParameters()[0].getAnnotation(UdfParameter.class);
    assertEquals("features", p.value());
  }
}
