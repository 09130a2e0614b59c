import type { Summary } from '../sim/metrics/summary.js';

/** Pads cells into aligned columns; the first column left-aligned, the rest right-aligned. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

/** Seconds as milliseconds; a fraction as a percentage (the terminal tables' formats). */
export const ms = (s: number) => (s * 1000).toFixed(s < 0.1 ? 2 : 1);
export const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const num = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The run summary as a terminal report. It formats; it computes no metric. */
export function renderSummary(s: Summary, maxPods = 16): string {
  const r = s.requests;
  const lines: string[] = [];
  lines.push(`scenario ${s.scenario}  seed ${s.seed}${Object.keys(s.point).length ? `  point ${JSON.stringify(s.point)}` : ''}`);
  lines.push(
    `requests: ${r.arrived} arrived, ${r.completed} completed, ${r.rejected} rejected, ` +
      (r.failed !== undefined ? `${r.failed} failed (${r.retried ?? 0} retries), ` : '') +
      `${r.inFlight} in flight, ` +
      `${r.preempted} preemptions (${r.measured} measured after warm-up)`,
  );
  lines.push(
    `throughput: ${num(s.throughput.requestsPerSec, 2)} req/s, ${num(s.throughput.inputTokensPerSec, 0)} input tok/s, ` +
      `${num(s.throughput.outputTokensPerSec, 0)} output tok/s`,
  );
  const tiers = s.prefixCache.byTier;
  lines.push(`prefix cache hit rate: ${pct(s.prefixCache.hitRate)}${tiers ? ` (GPU ${pct(tiers.gpu)}, CPU ${pct(tiers.cpu)}, NVMe ${pct(tiers.nvme)})` : ''}`);
  if (s.kvTransfer) {
    const k = s.kvTransfer;
    lines.push(`P/D KV transfers: ${k.transfers} (${num(k.gigabytes, 1)} GB), admission to KV ready p50 ${ms(k.seconds.p50)} ms, p95 ${ms(k.seconds.p95)} ms`);
  }
  for (const f of s.faults ?? []) {
    const w = (x: { p50: number; p95: number; completed: number; failed: number }) => `${ms(x.p50)} / ${ms(x.p95)} ms (${x.completed} ok, ${x.failed} failed)`;
    const back = f.readyAt !== null ? `ready again at ${num(f.readyAt, 1)} s` : 'never back';
    lines.push(`fault: ${f.kind} of ${f.pod} (${f.nodes} node${f.nodes > 1 ? 's' : ''}) at ${num(f.at, 1)} s, ${f.requestsLost} requests on it, ${back}`);
    lines.push(`  TTFT p50 / p95 of arrivals before ${w(f.before)}, during ${w(f.during)}${f.after ? `, after ${w(f.after)}` : ''}`);
  }
  if (s.autoscaling) {
    const a = s.autoscaling;
    for (const v of a.variants) {
      lines.push(
        `autoscaler: ${v.name} ${v.minReplicas}–${v.maxReplicas} replicas, mean ${num(v.meanReplicas, 2)}, peak ${v.peakReplicas}, ` +
          `${v.scaleUps} up / ${v.scaleDowns} down, ${num(v.gpuHours, 1)} GPU-h, $${num(v.usd, 0)}`,
      );
    }
    if (a.variants.length > 1) lines.push(`autoscaler: total ${num(a.gpuHours, 1)} GPU-h, $${num(a.usd, 0)}`);
    const c = a.coldStarts;
    if (c) lines.push(`autoscaler: ${c.requests} requests waited for a replica to start from zero (mean ${num(c.meanWaitSeconds, 1)} s, max ${num(c.maxWaitSeconds, 1)} s)`);
  }
  const t = s.slo.targets;
  if (t.ttftP95 !== undefined || t.tpotP95 !== undefined) {
    lines.push(
      `SLO (${[t.ttftP95 !== undefined && `TTFT p95 ≤ ${t.ttftP95} s`, t.tpotP95 !== undefined && `TPOT p95 ≤ ${t.tpotP95} s`]
        .filter(Boolean)
        .join(', ')}): ${s.slo.met ? 'met' : 'NOT met'}, ${pct(s.slo.goodput)} of requests within SLO`,
    );
  }
  lines.push('');
  const dist = (name: string, d: Summary['ttft']) => [name, ms(d.mean), ms(d.p50), ms(d.p90), ms(d.p95), ms(d.p99)];
  if (r.measured === 0) {
    // The distributions are empty and summary.json holds zeros for them: say so rather than print
    // a table of 0.00 ms that reads as instant service.
    lines.push('latency: no request completed after the warm-up, so there is none to report (summary.json holds 0 for it)');
  } else {
    lines.push(
      formatTable([
        ['latency (ms)', 'mean', 'p50', 'p90', 'p95', 'p99'],
        dist('TTFT', s.ttft),
        dist('TPOT', s.tpot),
        dist('ITL', s.itl),
        dist('E2E', s.e2e),
      ]),
    );
  }
  lines.push('');
  // A pod's requests over the mean of the pods that served any: hot-spotting shows at a glance
  // (prefix affinity pins whole groups to the pod they first land on).
  const serving = s.pods.filter((p) => p.requests > 0);
  const meanRequests = serving.reduce((a, p) => a + p.requests, 0) / Math.max(1, serving.length);
  const share = (n: number) => (meanRequests > 0 ? `${num(n / meanRequests, 2)}×` : '–');
  const pods = s.pods
    .slice(0, maxPods)
    .map((p) => [p.name, String(p.requests), share(p.requests), pct(p.kvUtilMean), num(p.queueMean, 2), num(p.runningMean, 1), String(p.steps)]);
  lines.push(formatTable([['pod', 'requests', 'of mean', 'KV util', 'queue', 'running', 'steps'], ...pods]));
  if (s.pods.length > maxPods) lines.push(`... and ${s.pods.length - maxPods} more pods`);
  lines.push('');
  const speed = s.sim.wallSeconds > 0 ? s.sim.simulatedSeconds / s.sim.wallSeconds : 0;
  lines.push(
    `simulated ${num(s.sim.simulatedSeconds, 1)} s in ${num(s.sim.wallSeconds, 2)} s wall (${num(speed, 0)}× real time), ` +
      `${s.sim.events.toLocaleString('en-US')} events, peak RSS ${s.sim.peakRssMB} MB`,
  );
  return lines.join('\n');
}
