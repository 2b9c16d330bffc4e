/*
 * Compile-only shim of ksqlDB's io.confluent.ksql.function.udf.Udf (see UdfDescription.java for
 * why it exists). Excluded from the packaged jar.
 */
package io.confluent.ksql.function.udf;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Udf {
  String description() default "";

  String schema() default "";

  String schemaProvider() default "";
}
