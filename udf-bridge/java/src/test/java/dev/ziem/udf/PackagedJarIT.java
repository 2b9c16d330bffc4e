/*
 * The packaged jar, as ksqlDB's extension directory would load it: no shim classes inside, and
 * loaded through a loader that sees only the jar plus the host's io.confluent / org.apache.kafka
 * classes, the UDF class still carries @UdfDescription.
 */
package dev.ziem.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confluent.ksql.function.udf.UdfDescription;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PackagedJarIT {
  static final File JAR = new File(System.getProperty("ziem.jar", "target/ziem-udf-bridge-0.1.0.jar"));

  @Test
  void jarHoldsTheUdfAndNoShim() throws Exception {
    assertTrue(JAR.getName().matches("ziem-udf-bridge-[0-9.]+(-SNAPSHOT)?\\.jar"), JAR.getName());
    try (JarFile jar = new JarFile(JAR)) {
      var names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
      assertTrue(names.contains("dev/ziem/udf/AnomalyScoreUdf.class"), names.toString());
      assertEquals(0, names.stream().filter(n -> n.startsWith("io/confluent/")).count(), "shim classes leaked: " + names);
      try (var in = jar.getInputStream(jar.getEntry("dev/ziem/udf/AnomalyScoreUdf.class"))) {
        byte[] head = in.readNBytes(8);
        assertEquals(55, ((head[6] & 0xff) << 8) | (head[7] & 0xff), "class file version 55 = Java 11 (--release 11)");
      }
    }
  }

  @Test
  void udfClassFromTheJarCarriesTheHostsAnnotation() throws Exception {
    ClassLoader host = PackagedJarIT.class.getClassLoader();
    // like ksqlDB's UDF loader: the jar's own classes first, io.confluent and org.apache.kafka from the host
    ClassLoader hostOnly = new ClassLoader(null) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("io.confluent.") || name.startsWith("org.apache.kafka.")) {
          return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
      }
    };
    try (URLClassLoader ext = new URLClassLoader(new URL[] {JAR.toURI().toURL()}, hostOnly)) {
      Class<?> udf = ext.loadClass("dev.ziem.udf.AnomalyScoreUdf");
      assertEquals(ext, udf.getClassLoader(), "the UDF came from the jar");
      UdfDescription d = udf.getAnnotation(UdfDescription.class);
      assertNotNull(d, "@UdfDescription resolved against the host's annotation class");
      assertEquals("anomaly_score", d.name());
    }
  }
}
