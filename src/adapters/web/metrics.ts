/**
 * A small Prometheus text registry: counters and gauges with labels, no
 * dependency. The web server counts its requests; the composition root adds
 * gauges read at scrape time (queue depth) and counters the core's ports feed.
 */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Map<string, { help: string; read: () => Promise<readonly { labels?: Readonly<Record<string, string>>; value: number }[]> }>();

  inc(name: string, help: string, labels: Readonly<Record<string, string>> = {}, by = 1): void {
    const c = this.counters.get(name) ?? { help, values: new Map<string, number>() };
    const key = labelText(labels);
    c.values.set(key, (c.values.get(key) ?? 0) + by);
    this.counters.set(name, c);
  }

  gauge(name: string, help: string, read: () => Promise<readonly { labels?: Readonly<Record<string, string>>; value: number }[]>): void {
    this.gauges.set(name, { help, read });
  }

  async render(): Promise<string> {
    const out: string[] = [];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [labels, v] of c.values) out.push(`${name}${labels} ${v}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      try {
        for (const s of await g.read()) out.push(`${name}${labelText(s.labels ?? {})} ${s.value}`);
      } catch {
        out.push(`# ${name}: could not be read`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}

const labelText = (labels: Readonly<Record<string, string>>): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
};
