/*
 * The TensorFlow Serving predict wire format for one vector: writes {"instances": [[...]]} and reads
 * the first number of "predictions". A hand-written codec because a UDF jar should not drag a JSON
 * library into ksqlDB's class path.
 */
package dev.ziem.udf;

import java.util.List;

final class PredictCodec {
  private PredictCodec() {}

  /** The request body, or null when a value is null, NaN or infinite (JSON cannot carry those). */
  static String encode(List<Double> features) {
    StringBuilder sb = new StringBuilder(16 + features.size() * 12).append("{\"instances\":[[");
    for (int i = 0; i < features.size(); i++) {
      Double v = features.get(i);
      if (v == null || v.isNaN() || v.isInfinite()) {
        return null;
      }
      if (i > 0) {
        sb.append(',');
      }
      sb.append(v.doubleValue());
    }
    return sb.append("]]}").toString();
  }

  /** The first prediction, or null when the body has none. */
  static Double decodeFirst(String body) {
    int key = body.indexOf("\"predictions\"");
    if (key < 0) {
      return null;
    }
    int i = body.indexOf('[', key);
    if (i < 0) {
      return null;
    }
    i++;
    while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
      i++;
    }
    int end = i;
    while (end < body.length() && "+-.eE0123456789".indexOf(body.charAt(end)) >= 0) {
      end++;
    }
    if (end == i) {
      return null;
    }
    try {
      double d = Double.parseDouble(body.substring(i, end));
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
