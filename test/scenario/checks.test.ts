import { describe, expect, it } from 'vitest';
import { brief, problemsOf } from './builders.js';

// The cross-field rules of the schema (written with checks.ts), each reported as data.
describe('rules across fields', () => {
  it.each<[string, (r: Record<string, any>) => void, Array<{ code: string; path: (string | number)[]; message: string }>]>([
    ['a stop with neither requests nor duration', (r) => (r.stop = { warmup: 5 }), [
      { code: 'missing', path: ['stop', 'requests'], message: 'set stop.requests or stop.duration (or both); only load stages and traces end by themselves' }]],
    ['burst arrivals without stop.requests', (r) => { r.workload.arrival = { process: 'burst' }; r.stop = { duration: 60 }; }, [
      { code: 'missing', path: ['stop', 'requests'], message: 'burst arrivals need stop.requests: all requests arrive at t=0' }]],
    ['prompt together with prefix', (r) => (r.workload.prefix = { groups: 2, promptsPerGroup: 3, systemTokens: 100, questionTokens: 20 }), [
      { code: 'conflict', path: ['workload', 'prompt'], message: 'set prompt or prefix, not both: with prefix a prompt is systemTokens + questionTokens' }]],
    ['prefix without any output length', (r) => { delete r.workload.prompt; delete r.workload.output; r.workload.prefix = { groups: 2, promptsPerGroup: 3, systemTokens: 100, questionTokens: 20 }; }, [
      { code: 'missing', path: ['workload', 'output'], message: 'set output or prefix.outputTokens' }]],
    ['output given twice with prefix', (r) => { delete r.workload.prompt; r.workload.prefix = { groups: 2, promptsPerGroup: 3, systemTokens: 0, questionTokens: 20, outputTokens: 5 }; }, [
      { code: 'conflict', path: ['workload', 'output'], message: 'set output or prefix.outputTokens, not both' }]],
    ['neither prompt nor prefix', (r) => delete r.workload.prompt, [
      { code: 'missing', path: ['workload', 'prompt'], message: 'set prompt and output, or prefix' }]],
    ['a uniform length with max < min', (r) => (r.workload.output = { dist: 'uniform', min: 10, max: 5 }), [
      { code: 'out_of_range', path: ['workload', 'output', 'max'], message: 'max (5) must be ≥ min (10)' }]],
    ['a lognormal with both stddev and p99', (r) => (r.workload.prompt = { dist: 'lognormal', mean: 100, stddev: 50, p99: 400 }), [
      { code: 'conflict', path: ['workload', 'prompt', 'p99'], message: 'set stddev or p99, not both' }]],
    ['a lognormal with neither stddev nor p99', (r) => (r.workload.prompt = { dist: 'lognormal', mean: 100 }), [
      { code: 'missing', path: ['workload', 'prompt', 'stddev'], message: 'a lognormal needs stddev or p99' }]],
    ['a lognormal p99 not above the mean', (r) => (r.workload.prompt = { dist: 'lognormal', mean: 100, p99: 100 }), [
      { code: 'out_of_range', path: ['workload', 'prompt', 'p99'], message: 'p99 (100) must be > mean (100)' }]],
    ['a lognormal p99 beyond any lognormal tail', (r) => (r.workload.prompt = { dist: 'lognormal', mean: 100, p99: 2000 }), [
      { code: 'out_of_range', path: ['workload', 'prompt', 'p99'], message: 'p99 (2000) must be ≤ 1496.8: no lognormal with this mean has so long a tail' }]],
    ['two pools with one name', (r) => r.cluster.pools.push({ name: 'main', accelerator: 'h200-sxm' }), [
      { code: 'conflict', path: ['cluster', 'pools', 1, 'name'], message: 'pool name `main` is already used by cluster.pools.0' }]],
    ['maxNumBatchedTokens below maxNumSeqs', (r) => (r.cluster.pools[0].engine = { maxNumSeqs: 256, maxNumBatchedTokens: 128 }), [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'maxNumBatchedTokens'], message: 'maxNumBatchedTokens (128) must be ≥ maxNumSeqs (256), as vLLM requires' }]],
    ['a V0 batch smaller than maxModelLen', (r) => (r.cluster.pools[0].engine = { scheduler: 'v0', maxNumBatchedTokens: 2048, maxModelLen: 4096 }), [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'maxNumBatchedTokens'], message: 'with scheduler v0 (no chunked prefill) maxNumBatchedTokens (2048) must be ≥ maxModelLen (4096), as vLLM V0 requires' }]],
    ['prefillKvFreePercent without the V0 scheduler', (r) => (r.cluster.pools[0].engine = { prefillKvFreePercent: 31 }), [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'prefillKvFreePercent'], message: 'prefillKvFreePercent is a V0 scheduler knob (AMD ROCm fork): set scheduler: v0, or drop it' }]],
    ['async scheduling asked of the V0 engine', (r) => (r.cluster.pools[0].engine = { scheduler: 'v0', asyncScheduling: true }), [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'asyncScheduling'], message: "vLLM's V0 engine loop is synchronous: asyncScheduling is a V1 engine argument" }]],
    ['the V0 scheduler with KV offload', (r) => (r.cluster.pools[0].engine = { scheduler: 'v0', kvOffload: { cpuGiB: 10 } }), [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'scheduler'], message: 'scheduler v0 does not model KV offload: drop engine.kvOffload or the scheduler' }]],
    ['a harness batcher beside an EPP config', (r) => (r.router = { config: 'prefix-aware', harnessBatcher: { window: 0.3, maxRequests: 96 } }), [
      { code: 'conflict', path: ['router', 'harnessBatcher'], message: 'harnessBatcher picks the pods itself (each batch to the next in turn): drop it or router.config (prefix-aware)' }]],
    ["TensorRT-LLM's capacity policy on vLLM", (r) => (r.cluster.pools[0].engine = { capacitySchedulerPolicy: 'GUARANTEED_NO_EVICT' }), [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'capacitySchedulerPolicy'], message: "capacitySchedulerPolicy is TensorRT-LLM's; runtime is vllm (vLLM always admits as MAX_UTILIZATION does)" }]],
    ['the V0 scheduler on another runtime', (r) => { r.cluster.pools[0].runtime = 'trtllm'; r.cluster.pools[0].engine = { scheduler: 'v0' }; }, [
      { code: 'conflict', path: ['cluster', 'pools', 0, 'engine', 'scheduler'], message: "scheduler v0 is vLLM's; runtime is trtllm" }]],
  ])('reports %s', (_, change, expected) => {
    expect(brief(problemsOf(change))).toEqual(expected);
  });

  it('reports maxModelLen beyond the model context', () => {
    const problems = problemsOf((r) => (r.cluster.pools[0].engine = { maxModelLen: 10_000_000 }));
    expect(brief(problems)).toEqual([{ code: 'out_of_range', path: ['cluster', 'pools', 0, 'engine', 'maxModelLen'], message: expect.stringMatching(/^maxModelLen \(10000000\) exceeds llama-3.1-8b's maxPositionEmbeddings \(\d+\)$/) }]);
  });

  it('runs the rules even when other fields of the same object failed', () => {
    const problems = problemsOf((r) => (r.stop = { warmup: -1, requestz: 5 }));
    expect(problems.map((p) => `${p.path.join('.')} ${p.code}`).sort()).toEqual(['stop.requests missing', 'stop.requestz unknown_key', 'stop.warmup out_of_range']);
  });

  it('runs the rules of enclosing objects past a field that failed its own check', () => {
    const problems = problemsOf((r) => (r.cluster.pools = [{ name: 'a', accelerator: 'h100-sxm', role: 'decoder' }, { name: 'a', accelerator: 'h100-sxm' }]));
    expect(problems.map((p) => `${p.path.join('.')} ${p.code}`)).toEqual(['cluster.pools.0.role invalid_value', 'cluster.pools.1.name conflict']);
  });

  it('accepts the shared-prefix workload with its own output length', () => {
    expect(problemsOf((r) => {
      delete r.workload.prompt;
      delete r.workload.output;
      r.workload.prefix = { groups: 150, promptsPerGroup: 5, systemTokens: 6000, questionTokens: 1200, outputTokens: 200 };
    })).toEqual([]);
  });
});
