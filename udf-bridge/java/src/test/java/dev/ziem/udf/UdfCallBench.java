/*
 * Benchmark driver for bench/model-bench.ts (not a test): calls ANOMALY_SCORE against a running
 * model server and prints one JSON line with the latency percentiles in milliseconds.
 * Usage: UdfCallBench <url> <model> <calls>
 */
package dev.ziem.udf;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

public final class UdfCallBench {
  private UdfCallBench() {}

  public static void main(String[] args) {
    AnomalyScoreUdf udf = new AnomalyScoreUdf();
    udf.configure(Map.of(UdfSettings.PREFIX + "url", args[0], UdfSettings.PREFIX + "model", args[1], UdfSettings.PREFIX + "timeout.ms", "2000"));
    int calls = Integer.parseInt(args[2]);
    List<Double> v = Arrays.asList(490.0, 92610.0, 4.0, 1.0, 0.0286, 0.0005, 0.0284, 14.0);
    int nulls = 0;
    for (int i = 0; i < Math.max(200, calls / 5); i++) {
      udf.anomalyScore(v);
    }
    double[] ms = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t = System.nanoTime();
      if (udf.anomalyScore(v) == null) {
        nulls++;
      }
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    System.out.println("{\"p50\":" + ms[calls / 2] + ",\"p99\":" + ms[(int) Math.floor(calls * 0.99)] + ",\"nulls\":" + nulls + "}");
  }
}
