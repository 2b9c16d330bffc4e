// The stack's components in start order, and selection by name (for tests that need only Kafka).
import { UsageError } from '../../core/errors/ziem-error.js';
import type { Component } from './component.js';
import { connectComponent } from './component-connect.js';
import { kafkaComponent } from './component-kafka.js';
import { ksqlComponent } from './component-ksql.js';
import { neo4jComponent } from './component-neo4j.js';
import { COMPONENTS, type ComponentName } from './layout.js';

export const ALL_COMPONENTS: readonly Component[] = [kafkaComponent, neo4jComponent, connectComponent, ksqlComponent];

/** The named components plus what they need (connect brings kafka; ksql brings both), in start order. */
export function selectComponents(names: readonly string[] | undefined): Component[] {
  if (!names || names.length === 0) return [...ALL_COMPONENTS];
  const wanted = new Set<ComponentName>();
  const add = (n: string): void => {
    if (!(COMPONENTS as readonly string[]).includes(n))
      throw new UsageError(`unknown component "${n}" (expected one of ${COMPONENTS.join(', ')})`);
    const c = ALL_COMPONENTS.find((x) => x.name === n) as Component;
    c.after.forEach(add);
    wanted.add(c.name);
  };
  names.forEach(add);
  return ALL_COMPONENTS.filter((c) => wanted.has(c.name));
}

export function componentByName(name: string): Component {
  return selectComponents([name]).find((c) => c.name === name) as Component;
}
