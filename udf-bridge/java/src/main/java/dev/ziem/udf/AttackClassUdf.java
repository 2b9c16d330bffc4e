/*
 * ATTACK_CLASS(features ARRAY<DOUBLE>) RETURNS STRUCT<LABEL STRING, PROBABILITY DOUBLE> for ksqlDB:
 * the most probable attack class of one host window's feature vector and its probability, from the
 * attack classifier on the ziem model server (TF Serving :classify), or null when the server cannot
 * answer in time. The same contract as ANOMALY_SCORE: never throws into a query, and a circuit
 * breaker stops calling a server that keeps failing until its cool-down has passed.
 */
package dev.ziem.udf;

import io.confluent.ksql.function.udf.Udf;
import io.confluent.ksql.function.udf.UdfDescription;
import io.confluent.ksql.function.udf.UdfParameter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

@UdfDescription(
    name = "attack_class",
    description = "Most probable attack class of a feature vector and its probability, from the ziem model"
        + " server's classifier; null when the server cannot answer in time. Properties:"
        + " ksql.functions.attack_class.url, .model (default attack-class), .timeout.ms (default 200), .token.",
    author = "ziem",
    version = "0.1.0")
public class AttackClassUdf implements Configurable {
  private static final Logger LOG = System.getLogger(AttackClassUdf.class.getName());
  static final String SCHEMA_TEXT = "STRUCT<LABEL STRING, PROBABILITY DOUBLE>";
  static final Schema RESULT = SchemaBuilder.struct().optional()
      .field("LABEL", Schema.OPTIONAL_STRING_SCHEMA)
      .field("PROBABILITY", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .build();

  private static final class Wiring {
    final UdfSettings settings;
    final ModelServerClient client;
    final CircuitBreaker breaker;

    Wiring(UdfSettings s) {
      this.settings = s;
      this.client = new ModelServerClient(s);
      this.breaker = new CircuitBreaker(s.breakerFailures, s.breakerCooldownMs, System::currentTimeMillis);
    }
  }

  private volatile Wiring wiring;

  @Override
  public void configure(final Map<String, ?> props) {
    UdfSettings s = UdfSettings.forFunction(props, "attack_class", "attack-class");
    LOG.log(Level.DEBUG, "attack_class configured: {0}", s);
    this.wiring = new Wiring(s);
  }

  private Wiring wiring() {
    Wiring w = wiring;
    if (w == null) {
      synchronized (this) {
        if (wiring == null) {
          wiring = new Wiring(UdfSettings.forFunction(Collections.emptyMap(), "attack_class", "attack-class"));
        }
        w = wiring;
      }
    }
    return w;
  }

  @Udf(description = "Classify one feature vector; null on missing input or when the model server does not answer.",
      schema = SCHEMA_TEXT)
  public Struct attackClass(
      @UdfParameter(value = "features", description = "the feature vector, e.g. HOST_WINDOWS' FEATURES")
      final List<Double> features) {
    try {
      if (features == null || features.isEmpty()) {
        return null;
      }
      Wiring w = wiring();
      String body = ClassifyCodec.encode(features);
      if (body == null || !w.breaker.allow()) {
        return null;
      }
      ModelServerClient.Answer a = w.client.post(w.settings.verbUri("classify"), body);
      ClassifyCodec.TopClass top = a.body == null ? null : ClassifyCodec.decodeTop(a.body);
      boolean failed = a.body == null ? a.outcome.failure : top == null;
      if (top != null) {
        w.breaker.onSuccess();
        return new Struct(RESULT).put("LABEL", top.label).put("PROBABILITY", top.probability);
      }
      if (failed && w.breaker.onFailure()) {
        LOG.log(Level.WARNING, "attack_class: model server {0} failing ({1}); returning null for {2} ms",
            w.settings.baseUri, a.body == null ? a.outcome.problem : "no classification in the response",
            w.settings.breakerCooldownMs);
      }
      return null;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "attack_class: unexpected " + e.getClass().getSimpleName());
      return null;
    }
  }
}
