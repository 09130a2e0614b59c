import { describe, expect, it } from 'vitest';
import { cli, fixture, runFixture } from './helpers.js';

const scenario = '../../../scenarios/llm-d-optimized-baseline.yaml';
const short = ['--set', 'stop.duration=120', '--set', 'stop.warmup=20'];

describe('EPP routing end to end (llm-d optimized baseline, Qwen3-32B on 8 × TP2 H100)', () => {
  it('prefix-aware routing cuts TTFT at 4 QPS by at least 2.5× against round robin, and lifts the hit rate', async () => {
    const rate = ['--set', 'workload.arrival.rate=4'];
    const epp = await runFixture(scenario, ...short, ...rate);
    const rr = await runFixture(scenario, ...short, ...rate, '--set', 'router.config=round-robin');
    expect(rr.ttft.p50 / epp.ttft.p50).toBeGreaterThan(2.5);
    // a 2-minute run still sees each of the 150 system prompts cold once
    expect(epp.prefixCache.hitRate).toBeGreaterThan(0.5);
    expect(epp.prefixCache.hitRate).toBeGreaterThan(2.5 * rr.prefixCache.hitRate);
  });

  it("reproduces llm-d's published ladder headline: peak output within 25 % for both arms, 1.8× the SLO stage", async () => {
    // llm-d guides/optimized-baseline/benchmark-results/vllm-qwen3-32b-h100: peak 14,941 (EPP) vs
    // 7,049 (round robin) tok/s. The EPP's peak is set by how evenly the warm-up spreads the 150
    // prefix groups over the pods, which any change to step times reshuffles (seeds 42–51: 9,973 to
    // 13,688 tok/s), so it is judged on the mean of the A/B's first three seeds: 10,478, 12,215 and
    // 12,126 → 11,606 (−22.3 %). Round robin is steady (7,041–7,149 over the ten): seed 42, 7,149
    // (+1.4 %). SLO stages (seed 42) 35 vs 15 (README "The published ladder").
    const ladder = '../../../scenarios/llm-d-optimized-baseline-ladder.yaml';
    const epps = await Promise.all([42, 43, 44].map((seed) => runFixture(ladder, '--set', `seed=${seed}`)));
    const rr = await runFixture(ladder, '--set', 'router.config=round-robin');
    const within25 = (x: number, published: number) => Math.abs(x / published - 1) <= 0.25;
    const eppMean = epps.reduce((sum, s) => sum + s.ladder!.peakOutputTokensPerSec, 0) / epps.length;
    expect(within25(eppMean, 14941)).toBe(true);
    expect(within25(rr.ladder!.peakOutputTokensPerSec, 7049)).toBe(true);
    const epp = epps[0]; // seed 42, as the round-robin run
    expect(epp.ladder!.sloRate! / rr.ladder!.sloRate!).toBeGreaterThanOrEqual(1.8);
    // At the top of the ladder (60 QPS): llm-d TTFT p50 0.2 s vs 88.1 s.
    const top = (s: typeof epp) => s.stages![s.stages!.length - 1];
    expect(top(epp).ttft.p50).toBeLessThan(1);
    expect(top(rr).ttft.p50).toBeGreaterThan(30);
    // four 2,273 s ladders (~5–10 s each alone); two passed the 60 s default at 36 s on a loaded
    // 2-core box and timed out under heavier load
  }, 300_000);

  it('the precise prefix index, fed only by the pods\' KV events, routes for cache hits like the approx one', async () => {
    const rate = ['--set', 'workload.arrival.rate=4'];
    const precise = await runFixture(scenario, ...short, ...rate, '--set', 'router.config=precise-prefix');
    const rr = await runFixture(scenario, ...short, ...rate, '--set', 'router.config=round-robin');
    // without events the precise index is empty and routing falls back to load: RR-like hit rates
    expect(precise.prefixCache.hitRate).toBeGreaterThan(2.5 * rr.prefixCache.hitRate);
    const lateEvents = await runFixture(scenario, ...short, ...rate, '--set', 'router.config=precise-prefix', '--set', 'router.kvEventDelay=1000');
    expect(lateEvents.prefixCache.hitRate).toBeLessThan(precise.prefixCache.hitRate - 0.2);
  });

  it('under eviction the precise index (KV events) beats the approx one on hit rate, same scorers and weights', async () => {
    // gaie-default and gaie-default-precise differ only in the producer of PrefixCacheMatchInfo.
    // Measured: 0.708 vs 0.656 (seeds 2, 3: 0.706 vs 0.672, 0.716 vs 0.630; README table).
    const approx = await runFixture('prefix-eviction.yaml');
    const precise = await runFixture('prefix-eviction.yaml', '--set', 'router.config=gaie-default-precise');
    // Over seeds 1–3 and 30 / 60 s runs the gap is 0.03–0.11, so 0.03 is the bar.
    expect(precise.prefixCache.hitRate).toBeGreaterThan(approx.prefixCache.hitRate + 0.03);
    // with room for every prefix (no eviction) the two are within a point of each other
    const roomy = ['--set', 'cluster.pools.0.engine.gpuMemoryUtilization=0.9'];
    const approxRoomy = await runFixture('prefix-eviction.yaml', ...roomy);
    const preciseRoomy = await runFixture('prefix-eviction.yaml', ...roomy, '--set', 'router.config=gaie-default-precise');
    expect(Math.abs(preciseRoomy.prefixCache.hitRate - approxRoomy.prefixCache.hitRate)).toBeLessThan(0.01);
  });

  it('session affinity pins a chat session to one pod: every later turn reuses the conversation so far', async () => {
    // 60 sessions × 5 turns; turn k's prompt is the previous prompt + its 100-token answer + 500 new
    // tokens, so a pinned session reuses 600 + 1200 + 1800 + 2400 of its 8500 prompt tokens: 0.706
    // (a little less in whole 16-token blocks). Random placement lands a turn on its last pod 1 in 4.
    const random = await runFixture('chat-sessions.yaml');
    const pinned = await runFixture('chat-sessions.yaml', '--set', 'router.config=session-pin-epp.yaml');
    const byId = await runFixture('chat-sessions.yaml', '--set', 'router.config=session-id-epp.yaml');
    for (const s of [random, pinned, byId]) expect(s.requests.completed).toBe(300);
    for (const s of [pinned, byId]) {
      expect(s.prefixCache.hitRate).toBeGreaterThan(0.69);
      expect(s.prefixCache.hitRate).toBeLessThanOrEqual(6000 / 8500);
      expect(s.ttft.p50).toBeLessThan(random.ttft.p50);
    }
    expect(random.prefixCache.hitRate).toBeLessThan(0.45);
  });

  it('every shipped EPP config runs', async () => {
    for (const cfg of ['default', 'gaie-default', 'gaie-default-precise', 'approx-prefix', 'optimized-baseline', 'precise-prefix', 'random', 'round-robin']) {
      const s = await runFixture(scenario, '--set', 'stop.duration=20', '--set', 'stop.warmup=0', '--set', `router.config=${cfg}`);
      expect(s.requests.completed + s.requests.inFlight).toBe(s.requests.arrived);
      expect(s.requests.completed).toBeGreaterThan(0);
    }
  });

  it('stale metrics herd a load-only EPP policy: 2 s scrapes pile each window onto one pod, 50 ms scrapes do not', async () => {
    // With 2 s between scrapes every request of a window sees the same "shortest queue" and goes
    // to that pod; over a run the favourite rotates, so the herding shows as queues and tail TTFT.
    const fresh = await runFixture('load-only.yaml');
    const stale = await runFixture('load-only.yaml', '--set', 'router.scrapeInterval=2');
    const meanQueue = (s: typeof fresh) => s.pods.reduce((a, p) => a + p.queueMean, 0) / s.pods.length;
    expect(meanQueue(stale)).toBeGreaterThan(10 * meanQueue(fresh));
    expect(stale.ttft.p95).toBeGreaterThan(5 * fresh.ttft.p95);
  });

  it('flow control holds the backlog at the gateway: pod queues stay near the detector threshold, throughput unchanged', async () => {
    const fc = await runFixture('flow-control.yaml');
    const open = await runFixture('flow-control.yaml', '--set', 'router.config=queue-only-epp.yaml');
    for (const p of fc.pods) expect(p.queueMean).toBeLessThan(7); // utilization-detector queueDepthThreshold 5
    for (const p of open.pods) expect(p.queueMean).toBeGreaterThan(50);
    expect(fc.requests.completed + fc.requests.inFlight).toBe(fc.requests.arrived);
    expect(Math.abs(fc.throughput.outputTokensPerSec / open.throughput.outputTokensPerSec - 1)).toBeLessThan(0.05);
  });

  it('flow control on the concurrency detector holds the pool at its in-flight limit, from its own count', async () => {
    // 4 pods × maxConcurrency 12 = 48 in flight; the pods could run 64 (maxNumSeqs 16), so the
    // backlog waits at the gateway, pod queues stay empty, and throughput falls with the cap.
    const fc = await runFixture('flow-control.yaml', '--set', 'router.config=flow-control-concurrency-epp.yaml');
    const util = await runFixture('flow-control.yaml');
    let running = 0;
    for (const p of fc.pods) {
      expect(p.queueMean).toBeLessThan(0.5);
      running += p.runningMean;
    }
    expect(running).toBeLessThanOrEqual(48);
    expect(running).toBeGreaterThan(44);
    expect(fc.throughput.outputTokensPerSec).toBeLessThan(0.85 * util.throughput.outputTokensPerSec);
  });

  it('a static usage limit of 0.5 admits up to half the detector capacity (24 of 48 in flight)', async () => {
    const half = await runFixture('flow-control.yaml', '--set', 'router.config=flow-control-usage-limit-epp.yaml');
    const running = half.pods.reduce((sum, p) => sum + p.runningMean, 0);
    expect(running).toBeLessThanOrEqual(24);
    expect(running).toBeGreaterThan(21);
  });

  it('context-length-aware sends each prompt to the pool labelled for its length: no document hits a 4k pod', async () => {
    // 3 short-context pods (maxModelLen 4096, labelled 0-4096) and 1 long-context pod; 20 % of the
    // prompts are 12k-token documents, which a short pod must refuse.
    const routed = await runFixture('context-length-fleet.yaml');
    const random = await runFixture('context-length-fleet.yaml', '--set', 'router.config=random');
    expect(routed.requests.rejected).toBe(0);
    const long = routed.pods.find((p) => p.name === 'long-0')!;
    expect(long.requests).toBe(routed.classes!.document.requests.arrived); // every document, and nothing else
    // random placement sends ~3 in 4 documents to a short pod, which rejects them
    expect(random.requests.rejected).toBeGreaterThan(0.5 * random.classes!.document.requests.arrived);
  });

  it('probabilistic-admitter sheds the sheddable tenant under overload and keeps the other one fast', async () => {
    // 2 pods at ~1.3× their capacity; a third of the arrivals are priority -1 (sheddable).
    const shed = await runFixture('shed-tenants.yaml');
    const open = await runFixture('shed-tenants.yaml', '--set', 'router.config=queue-only-epp.yaml');
    const c = shed.classes!;
    expect(c.chat.requests.rejected).toBe(0);
    expect(c.batch.requests.rejected).toBeGreaterThan(0.5 * c.batch.requests.arrived);
    expect(open.requests.rejected).toBe(0);
    expect(c.chat.ttft.p95).toBeLessThan(open.classes!.chat.ttft.p95 / 10);
  });

  it("a typo'd plugin type in the EPP config names its file and line, exit 2", async () => {
    const r = await cli('run', fixture('bad-epp.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-epp-config\.yaml:5:\d+: .*prefix-cache-scorrer/);
  });

  it('an unknown router config name lists the shipped ones, exit 2', async () => {
    const r = await cli('run', fixture('bad-epp.yaml'), '--set', 'router.config=nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/router\.config: no shipped router config `nope`.*optimized-baseline/);
  });
});
