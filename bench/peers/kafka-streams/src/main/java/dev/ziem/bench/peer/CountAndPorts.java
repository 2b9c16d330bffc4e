// The tumbling count's aggregate per source, destination and window: COUNT(*) and the distinct
// destination ports (the set COUNT_DISTINCT keeps), stored as JSON in the window store.
package dev.ziem.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

public final class CountAndPorts {
  public long count;
  /** Sorted distinct ports. */
  public int[] ports = new int[0];

  CountAndPorts add(JsonNode v) {
    count++;
    JsonNode p = v.get("DPORT");
    if (p != null && p.canConvertToInt()) {
      int port = p.asInt();
      int at = Arrays.binarySearch(ports, port);
      if (at < 0) {
        int ins = -at - 1;
        int[] next = new int[ports.length + 1];
        System.arraycopy(ports, 0, next, 0, ins);
        next[ins] = port;
        System.arraycopy(ports, ins, next, ins + 1, ports.length - ins);
        ports = next;
      }
    }
    return this;
  }
}
