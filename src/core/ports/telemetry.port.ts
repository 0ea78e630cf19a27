/**
 * Counts for operators (Prometheus `/metrics` in the web view): what happened,
 * by a few low-cardinality labels. Optional: without it nothing is counted.
 */
export interface Telemetry {
  count(name: TelemetryCounter, labels: Readonly<Record<string, string>>): void;
}

export type TelemetryCounter = 'commands' | 'ballots' | 'jobs' | 'platform_sends';
