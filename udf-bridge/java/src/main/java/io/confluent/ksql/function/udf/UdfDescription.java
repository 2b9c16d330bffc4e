/*
 * Compile-only shim of ksqlDB's io.confluent.ksql.function.udf.UdfDescription, written for ziem
 * because the real artifact is published only in Confluent's repository. Excluded from the jar:
 * ksqlDB supplies the real annotation at run time. Same name, elements and retention.
 */
package io.confluent.ksql.function.udf;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UdfDescription {
  String name();

  String description();

  String author() default "";

  String version() default "";

  String category() default "";
}
