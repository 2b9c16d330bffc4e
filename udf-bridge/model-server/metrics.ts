// The server's Prometheus metrics: request counts by route and status, a latency histogram,
// errors by reason, predictions by model. Rendered in the text exposition format 0.0.4.
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

const labelText = (labels: Record<string, string>): string => {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
};

class Counter {
  readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Record<string, string>, by = 1): void {
    const k = labelText(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
      ...[...this.values].map(([k, v]) => `${this.name}${k} ${v}`),
    ];
  }
}

class Histogram {
  readonly series = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Record<string, string>, seconds: number): void {
    const k = labelText(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { labels, counts: LATENCY_BUCKETS_S.map(() => 0), sum: 0, count: 0 }));
    LATENCY_BUCKETS_S.forEach((b, i) => (seconds <= b ? s.counts[i]!++ : undefined));
    s.sum += seconds;
    s.count++;
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      LATENCY_BUCKETS_S.forEach((b, i) =>
        out.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`),
      );
      out.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      out.push(
        `${this.name}_sum${labelText(s.labels)} ${s.sum}`,
        `${this.name}_count${labelText(s.labels)} ${s.count}`,
      );
    }
    return out;
  }
}

export class ServerMetrics {
  readonly requests = new Counter('ziem_model_server_requests_total', 'HTTP requests by route and status code');
  readonly latency = new Histogram('ziem_model_server_request_duration_seconds', 'HTTP request latency by route');
  readonly errors = new Counter('ziem_model_server_errors_total', 'failed requests by reason');
  readonly predictions = new Counter('ziem_model_server_predictions_total', 'vectors scored by model');
  readonly loadFailures = new Counter(
    'ziem_model_server_model_load_failures_total',
    'model versions that failed to load',
  );

  render(loaded: Array<{ name: string; version: number | undefined }>): string {
    const gauge = [
      '# HELP ziem_model_server_model_loaded 1 for each model version being served',
      '# TYPE ziem_model_server_model_loaded gauge',
      ...loaded
        .filter((m) => m.version !== undefined)
        .map((m) => `ziem_model_server_model_loaded${labelText({ model: m.name, version: String(m.version) })} 1`),
    ];
    return (
      [
        ...this.requests.render(),
        ...this.latency.render(),
        ...this.errors.render(),
        ...this.predictions.render(),
        ...this.loadFailures.render(),
        ...gauge,
      ].join('\n') + '\n'
    );
  }
}
