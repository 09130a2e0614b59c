import { curvesSpec } from '../../report/charts/curves.js';
import type { CurvePoint } from '../../report/charts/types.js';
import { toCsv } from '../../report/csv.js';
import { writeReport } from '../../report/report-page.js';
import { formatTable } from '../../report/table.js';
import type { LoadProfile } from '../plan/load-profile.js';
import type { ArmPoolResult, OverTimeArm, OverTimeResult } from '../plan/over-time.js';
import { num, pct } from './format.js';

const HEADER = ['fleet', 'replicas', 'mean', 'GPU-h', 'cost', 'SLO attainment', 'TTFT p95', 'failed', 'scalings'];

/** A pool's bounds: its count when pinned, else min–max and the start. */
function bounds(p: ArmPoolResult): string {
  return p.minReplicas === p.maxReplicas ? String(p.maxReplicas) : `${p.minReplicas}–${p.maxReplicas} (from ${p.initialReplicas})`;
}

/** One pool's figure as is; a P/D fleet's as `prefill …, decode …`. */
function perPool(a: OverTimeArm, cell: (p: ArmPoolResult) => string): string {
  return a.pools.length === 1 ? cell(a.pools[0]) : a.pools.map((p) => `${p.name} ${cell(p)}`).join(', ');
}

function row(a: OverTimeArm): string[] {
  const ttft = a.summary.ttft.p95;
  return [
    a.name,
    perPool(a, bounds),
    perPool(a, (p) => num(p.meanReplicas, 2)),
    num(a.gpuHours, 1),
    `$${num(a.usd, 0)}`,
    pct(a.attainment, 2),
    ttft >= 10 ? `${num(ttft, 1)} s` : `${num(ttft * 1000, 0)} ms`,
    String(a.summary.requests.failed ?? 0),
    String(a.summary.autoscaling?.events.length ?? 0),
  ];
}

function verdict(d: OverTimeResult): string {
  const s = d.arms[0];
  const a = d.chosen;
  const saving = `${pct(d.gpuHourSavings)} fewer GPU-hours ($${num(s.usd - a.usd, 0)} saved)`;
  return d.autoscaledMeetsSlo
    ? `${a.name}: ${saving} than the static peak-sized fleet, holding ${pct(a.attainment, 2)} of requests within the SLO`
    : `${a.name}: ${saving} but only ${pct(a.attainment, 2)} within the SLO (static: ${pct(s.attainment, 2)}): no autoscaled fleet holds the attainment target`;
}

/** The terminal table: every fleet over the whole load, and the verdict. */
export function renderOverTimeTable(d: OverTimeResult): string {
  return `over time (identical traffic, every fleet billed from t = 0 to the last request):\n${formatTable([HEADER, ...d.arms.map(row)])}\n${verdict(d)}`;
}

/** Each arm's replica count per pool as a step line (the applied targets), its TTFT, and the offered load. */
function timePoints(d: OverTimeResult, profile: LoadProfile | undefined, duration: number): CurvePoint[] {
  const hours = (t: number) => t / 3600;
  const points: CurvePoint[] = [];
  for (const a of d.arms) {
    const end = hours(Math.max(duration, a.summary.sim.simulatedSeconds));
    for (const p of a.pools) {
      const series = a.pools.length === 1 ? a.name : `${a.name} ${p.name}`;
      let count = p.initialReplicas;
      points.push({ series, x: 0, metric: 'replicas', value: count });
      for (const e of a.summary.autoscaling?.events ?? []) {
        if (e.variant !== p.name) continue;
        points.push({ series, x: hours(e.t), metric: 'replicas', value: count });
        count = e.to;
        points.push({ series, x: hours(e.t), metric: 'replicas', value: count });
      }
      points.push({ series, x: end, metric: 'replicas', value: count });
    }
    for (const w of a.summary.ttftOverTime ?? []) points.push({ series: a.name, x: hours((w.from + w.to) / 2), metric: 'ttftP95', value: w.p95 });
  }
  if (profile) {
    const steps = 96;
    for (let i = 0; i <= steps; i++) {
      const t = (duration * i) / steps;
      points.push({ series: 'offered load', x: hours(t), metric: 'rate', value: profile.rateAt(t) });
    }
  }
  return points;
}

export async function writeOverTimeReport(
  dir: string,
  p: { scenario: string; result: OverTimeResult; profile?: LoadProfile; duration?: number },
): Promise<string[]> {
  const d = p.result;
  const duration = p.duration ?? d.arms[0].summary.sim.simulatedSeconds;
  const points = timePoints(d, p.profile, duration);
  const s = d.arms[0];
  const a = d.chosen;
  const rows = d.arms.map(row);
  return writeReport(dir, {
    title: `fleetsim plan --over-time: ${p.scenario}`,
    intro:
      `The plan's cheapest fleet for the peak, through the whole load on identical traffic: static at ${perPool(s, (p) => String(p.maxReplicas))} replicas, ` +
      `and resized within ${perPool(a, (p) => `${p.minReplicas}–${p.maxReplicas}`)} replicas by the variant autoscaler (llm-d's WVA${a.pools.length > 1 ? ', each pool a variant of its own' : ''}), once with its ` +
      `saturation analyzer alone (wva-saturation) and once with its model-based QoS optimizer fed the plan's per-replica SLO rate ` +
      `(wva-qos); HPA scale-down stabilization, provisioning and start-up delays included. ${verdict(d)}.`,
    sections: [
      { heading: 'The fleets', table: { header: HEADER, rows } },
      {
        heading: 'Replicas, load and TTFT over time',
        text: 'Replicas as the autoscaler applied them, per pool (a new replica serves after its provisioning and start-up time); TTFT p95 of the requests arriving in each window.',
        charts: [
          {
            name: 'over-time',
            spec: curvesSpec(points, {
              title: 'replicas against the offered load',
              xTitle: 'time (h)',
              metrics: [
                { key: 'rate', title: 'offered load (req/s)' },
                { key: 'replicas', title: 'replicas' },
                { key: 'ttftP95', title: 'TTFT p95 (s)', log: true },
              ],
            }),
          },
        ],
      },
      {
        heading: `Scaling decisions (${a.name})`,
        table: { header: ['t (s)', 'pool', 'from', 'to'], rows: (a.summary.autoscaling?.events ?? []).map((e) => [num(e.t, 0), e.variant, String(e.from), String(e.to)]) },
      },
    ],
    files: [
      ...d.arms.map((arm) => ({ name: `${arm.name}.yaml`, content: arm.scenarioYaml })),
      { name: 'over-time.csv', content: toCsv(rows.map((cells) => Object.fromEntries(HEADER.map((h, i) => [h, cells[i]])))) },
      { name: 'over-time.json', content: JSON.stringify({ chosen: a.name, gpuHourSavings: d.gpuHourSavings, autoscaledMeetsSlo: d.autoscaledMeetsSlo, arms: d.arms.map(({ scenarioYaml: _, ...rest }) => rest) }, null, 2) },
    ],
  });
}
