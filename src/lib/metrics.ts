import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), one registry per container. What happens in this
 * process (requests, errors, Plaid calls) is counted as it happens; what every process shares (the
 * job queue, webhook deliveries) is read from the database at scrape time, so any process's
 * `/metrics` shows the same queue. Labels carry route patterns, codes and names: never an id, a URL
 * with ids in it, or a secret.
 */

/** What the database says at scrape time. */
export interface ScrapeStats {
  /** Jobs by name and state, with the age of the oldest one due and not yet run (queued only). */
  jobs: Array<{ name: string; state: string; count: number; oldestDueAgeSeconds: number | null }>;
  /** Webhook deliveries (kept for the event retention) by state; `retrying` are pending after a failure. */
  deliveries: Array<{ state: string; count: number }>;
  /** PostgreSQL's connection pool; absent on SQLite (one connection, no pool). */
  pool?: { total: number; idle: number; waiting: number } | undefined;
}

export interface Metrics {
  readonly contentType: string;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  countError(code: string): void;
  observePlaidCall(endpoint: string, seconds: number, errorCode: string | null): void;
  /** The exposition text, with the scrape-time figures read first. */
  render(): Promise<string>;
}

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PLAID_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `collectRequests` adds the requests counted since the last scrape to the counter, as it is read. */
function createInstruments(registry: Registry, collectRequests: () => void) {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'linkport_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
      collect: collectRequests,
    }),
    latency: new Histogram({
      name: 'linkport_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern.',
      labelNames: ['method', 'route'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    errors: new Counter({
      name: 'linkport_http_errors_total',
      help: 'Error responses, by the error body Code.',
      labelNames: ['code'] as const,
      registers,
    }),
    plaidLatency: new Histogram({
      name: 'linkport_plaid_request_duration_seconds',
      help: 'Time of one Plaid API call, by endpoint (the plaid client method).',
      labelNames: ['endpoint'] as const,
      buckets: PLAID_BUCKETS,
      registers,
    }),
    plaidErrors: new Counter({
      name: 'linkport_plaid_errors_total',
      help: "Failed Plaid API calls, by endpoint and Plaid's error code (UNREACHABLE when Plaid did not answer).",
      labelNames: ['endpoint', 'error_code'] as const,
      registers,
    }),
  };
}

/** The figures read from the database at scrape time. */
function createScrapeGauges(registry: Registry) {
  const registers = [registry];
  return {
    jobs: new Gauge({
      name: 'linkport_jobs',
      help: 'Jobs in the queue, by job name and state (read from the database at scrape).',
      labelNames: ['name', 'state'] as const,
      registers,
    }),
    jobAge: new Gauge({
      name: 'linkport_job_oldest_due_age_seconds',
      help: 'Age of the oldest queued job whose time has come, by job name (0 when none waits).',
      labelNames: ['name'] as const,
      registers,
    }),
    deliveries: new Gauge({
      name: 'linkport_webhook_deliveries',
      help: 'Webhook deliveries within the event retention, by state (retrying: pending after a failed attempt).',
      labelNames: ['state'] as const,
      registers,
    }),
    pool: new Gauge({
      name: 'linkport_db_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers,
    }),
  };
}

type Instruments = ReturnType<typeof createInstruments> & ReturnType<typeof createScrapeGauges>;

function applyStats(m: Instruments, stats: ScrapeStats): void {
  m.jobs.reset();
  m.jobAge.reset();
  m.deliveries.reset();
  m.pool.reset();
  for (const row of stats.jobs) {
    m.jobs.set({ name: row.name, state: row.state }, row.count);
    if (row.state === 'queued') m.jobAge.set({ name: row.name }, row.oldestDueAgeSeconds ?? 0);
  }
  for (const row of stats.deliveries) m.deliveries.set({ state: row.state }, row.count);
  if (stats.pool) {
    m.pool.set({ state: 'total' }, stats.pool.total);
    m.pool.set({ state: 'idle' }, stats.pool.idle);
    m.pool.set({ state: 'waiting' }, stats.pool.waiting);
  }
}

/** One route's requests: its latency series, and its answers by status since the last scrape. */
interface RouteSeries {
  method: string;
  route: string;
  latency: Histogram.Internal<string>;
  answered: Map<number, number>;
}

/**
 * `collect` reads the shared figures at each scrape. The per-request path finds its route's series
 * in a map instead of letting prom-client hash the labels on every call, and counts answers in it
 * (prom-client's counter hears them at the next scrape, through its own `collect`).
 */
export function createMetrics(options: { collect?: () => Promise<ScrapeStats> } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'linkport_' });
  const routes = new Map<string, Map<string, RouteSeries>>();
  const addAnswered = () => {
    for (const byRoute of routes.values())
      for (const { method, route, answered } of byRoute.values()) {
        for (const [status, n] of answered) m.requests.inc({ method, route, status: String(status) }, n);
        answered.clear();
      }
  };
  const m: Instruments = { ...createInstruments(registry, addAnswered), ...createScrapeGauges(registry) };
  const seriesFor = (method: string, route: string): RouteSeries => {
    let byRoute = routes.get(method);
    if (!byRoute) routes.set(method, (byRoute = new Map<string, RouteSeries>()));
    let series = byRoute.get(route);
    if (!series) {
      series = { method, route, latency: m.latency.labels(method, route), answered: new Map() };
      byRoute.set(route, series);
    }
    return series;
  };
  return {
    contentType: registry.contentType,
    observeRequest(method, route, status, seconds) {
      const series = seriesFor(method, route);
      series.latency.observe(seconds);
      series.answered.set(status, (series.answered.get(status) ?? 0) + 1);
    },
    countError(code) {
      m.errors.inc({ code });
    },
    observePlaidCall(endpoint, seconds, errorCode) {
      m.plaidLatency.observe({ endpoint }, seconds);
      if (errorCode !== null) m.plaidErrors.inc({ endpoint, error_code: errorCode });
    },
    async render() {
      if (options.collect) applyStats(m, await options.collect());
      return registry.metrics();
    },
  };
}
