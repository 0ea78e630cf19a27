/**
 * A small Prometheus text registry: counters and gauges with labels, no
 * dependency. The web server counts its requests; the composition root adds
 * gauges read at scrape time (queue depth) and counters the core's ports feed.
 */
import type { Telemetry, TelemetryCounter } from '../../core/ports/telemetry.port.js';

const COUNTERS: Record<TelemetryCounter, readonly [string, string]> = {
  commands: ['plenary_commands_total', 'Chat commands by command, platform and outcome (ok | refused)'],
  ballots: ['plenary_ballots_total', 'Ballots by what the store made of them (cast | changed | unchanged | closed | not-member)'],
  jobs: ['plenary_jobs_total', 'Queue jobs run in this process by lane (relay.*: relay steps), job and outcome'],
  platform_sends: ['plenary_platform_sends_total', 'Platform messages by platform and outcome (sent | 429 | failed)'],
};

export class Metrics implements Telemetry {
  count(name: TelemetryCounter, labels: Readonly<Record<string, string>>): void {
    const [metric, help] = COUNTERS[name];
    this.inc(metric, help, labels);
  }

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
