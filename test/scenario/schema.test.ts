import { describe, expect, it } from 'vitest';
import { ACCELERATORS } from '../../src/models/hardware/catalog.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { brief, problemsOf, rawScenario } from './builders.js';

describe('ScenarioSchema defaults', () => {
  it('fills in every default the schema owns', () => {
    const s = ScenarioSchema.parse(rawScenario());
    expect(s.seed).toBe(0);
    expect(s.stop).toEqual({ requests: 100, warmup: 0, drain: true });
    expect(s.router).toEqual({ scrapeInterval: 0.05, config: 'round-robin', kvEventDelay: 0.01, schedulingLatency: 0, retryOnFailure: false, maxRetries: 1 });
    expect(s.cluster.pools[0]).toEqual({
      name: 'main', role: 'both', replicas: 1, accelerator: 'h100-sxm', tensorParallel: 1,
      precision: 'bf16', kvCacheDtype: 'auto', runtime: 'vllm',
      engine: { enablePrefixCaching: true },
    });
    expect(s.slo).toBeUndefined();
    expect(s.sweep).toBeUndefined();
  });
});

describe('field checks', () => {
  it.each<[string, (r: Record<string, any>) => void, string, (string | number)[], string]>([
    ['a wrong type', (r) => (r.cluster.pools[0].replicas = 'two'), 'invalid_type', ['cluster', 'pools', 0, 'replicas'], 'expected number, got string'],
    ['a fraction where an integer is needed', (r) => (r.stop.requests = 1.5), 'invalid_type', ['stop', 'requests'], 'expected integer, got 1.5'],
    ['a map where a list is needed', (r) => (r.cluster.pools = { name: 'x' }), 'invalid_type', ['cluster', 'pools'], 'expected list, got map'],
    ['a missing required field', (r) => delete r.name, 'missing', ['name'], 'missing required field (expected string)'],
    ['a missing model', (r) => delete r.model, 'missing', ['model'], 'missing required field (expected a model id or { hfConfig: path/to/config.json })'],
    ['an empty name', (r) => (r.name = ''), 'out_of_range', ['name'], 'must not be empty'],
    ['an empty pool list', (r) => (r.cluster.pools = []), 'out_of_range', ['cluster', 'pools'], 'must not be empty'],
    ['a negative rate', (r) => (r.workload.arrival.rate = -4), 'out_of_range', ['workload', 'arrival', 'rate'], 'must be > 0, got -4'],
    ['a negative seed', (r) => (r.seed = -1), 'out_of_range', ['seed'], 'must be ≥ 0, got -1'],
    ['gpuMemoryUtilization above 1', (r) => (r.cluster.pools[0].engine = { gpuMemoryUtilization: 1.5 }), 'out_of_range', ['cluster', 'pools', 0, 'engine', 'gpuMemoryUtilization'], 'must be ≤ 1, got 1.5'],
    ['an unknown precision', (r) => (r.cluster.pools[0].precision = 'fp16'), 'invalid_value', ['cluster', 'pools', 0, 'precision'], 'expected one of bf16, fp8, fp4, int8, got `fp16`; did you mean `bf16`?'],
    ['a tensor-parallel size that is not 1, 2, 4 or 8', (r) => (r.cluster.pools[0].tensorParallel = 3), 'invalid_value', ['cluster', 'pools', 0, 'tensorParallel'], 'expected one of 1, 2, 4, 8, got 3'],
    ['a block size that is not a power of two', (r) => (r.cluster.pools[0].engine = { blockSize: 12 }), 'invalid_value', ['cluster', 'pools', 0, 'engine', 'blockSize'], 'expected one of 1, 2, 4, 8, 16, 32, 64, 128, 256, got 12'],
    ['an unknown role', (r) => (r.cluster.pools[0].role = 'prefil'), 'invalid_value', ['cluster', 'pools', 0, 'role'], 'expected one of both, prefill, decode, got `prefil`; did you mean `prefill`?'],
    ['a P/D fleet without a decode pool', (r) => ((r.cluster.pools[0].role = 'prefill'), (r.cluster.kvTransfer = { link: 'ib-400g' })), 'missing', ['cluster', 'pools'], 'a P/D fleet needs a pool with role: decode (or both)'],
    ['P/D pools without a transfer link', (r) => (r.cluster.pools = [{ ...r.cluster.pools[0], role: 'prefill' }, { ...r.cluster.pools[0], name: 'd', role: 'decode' }]), 'missing', ['cluster', 'kvTransfer'], 'P/D pools need cluster.kvTransfer: { link: ib-400g } (the link KV blocks cross)'],
    ['an unknown transfer link', (r) => (r.cluster.kvTransfer = { link: 'ib-400' }), 'unknown_id', ['cluster', 'kvTransfer', 'link'], expect.stringMatching(/^unknown link `ib-400` \(did you mean `ib-400g`\?\)/)],
    ['an unknown runtime', (r) => (r.cluster.pools[0].runtime = 'tgi'), 'invalid_value', ['cluster', 'pools', 0, 'runtime'], 'expected one of vllm, trtllm, sglang, got `tgi`'],
    ['an empty router config', (r) => (r.router = { config: '' }), 'out_of_range', ['router', 'config'], 'must not be empty'],
    ['an unknown arrival process', (r) => (r.workload.arrival = { process: 'poison', rate: 1 }), 'invalid_value', ['workload', 'arrival', 'process'], 'expected one of poisson, gamma, constant, burst, weibull, stages, diurnal, got `poison`; did you mean `poisson`?'],
    ['a length spec without dist', (r) => (r.workload.prompt = { value: 3 }), 'missing', ['workload', 'prompt', 'dist'], 'missing required field (expected one of fixed, uniform, normal, lognormal, zipf, empirical)'],
    ['an unknown key', (r) => (r.cluster.pools[0].replicass = 2), 'unknown_key', ['cluster', 'pools', 0, 'replicass'], 'unknown key `replicass`; did you mean `replicas`?'],
    ['an unknown key with nothing close', (r) => (r.colour = 'blue'), 'unknown_key', ['colour'], 'unknown key `colour`'],
    ['a sweep value that is not a scalar', (r) => (r.sweep = { seed: [{ a: 1 }] }), 'invalid_type', ['sweep', 'seed', 0], 'expected number or string or boolean, got map'],
    ['an empty sweep list', (r) => (r.sweep = { seed: [] }), 'out_of_range', ['sweep', 'seed'], 'must not be empty'],
  ])('reports %s', (_, change, code, path, message) => {
    expect(brief(problemsOf(change))).toEqual([{ code, path, message }]);
  });

  it('lists the known ids for an unknown accelerator', () => {
    const known = Object.keys(ACCELERATORS).join(', ');
    const problems = problemsOf((r) => (r.cluster.pools[0].accelerator = 'h100'));
    expect(problems).toEqual([{
      code: 'unknown_id', path: ['cluster', 'pools', 0, 'accelerator'], expected: `one of ${known}`,
      message: `unknown accelerator \`h100\`; known: ${known}`,
    }]);
  });

  it('suggests the nearest model id', () => {
    const [p] = problemsOf((r) => (r.model = 'llama-3.1-7b'));
    expect(p.message).toMatch(/^unknown model `llama-3.1-7b` \(did you mean `llama-3.1-8b`\?\); known: /);
  });

  it('lists only named pools when an autoscaler variant names none of them', () => {
    const problems = problemsOf((r) => {
      r.cluster.pools.push({ replicas: 1, accelerator: 'h100-sxm' }); // unnamed: its own problem
      r.autoscaler = { variants: { mian: { minReplicas: 1, maxReplicas: 2 } } };
    });
    expect(problems.map((p) => p.message)).toContainEqual('no pool `mian` in cluster.pools (variants are pools: main)');
  });

  it('reports every problem of a document at once, one per unknown key', () => {
    const problems = problemsOf((r) => {
      r.seeed = 1;
      r.cluster.pools[0].replicas = 0;
      r.cluster.pools[0].engine = { maxNumSeq: 4, blocksize: 16 };
      r.workload.arrival.rate = 'fast';
    });
    expect(problems.map((p) => `${p.path.join('.')} ${p.code}`).sort()).toEqual([
      'cluster.pools.0.engine.blocksize unknown_key',
      'cluster.pools.0.engine.maxNumSeq unknown_key',
      'cluster.pools.0.replicas out_of_range',
      'seeed unknown_key',
      'workload.arrival.rate invalid_type',
    ]);
  });
});

describe('wide expert-parallel pool fields', () => {
  const wide = (o: Record<string, unknown>) => (r: Record<string, any>) => {
    r.model = 'deepseek-r1';
    Object.assign(r.cluster.pools[0], { accelerator: 'h200-sxm', precision: 'fp8', ...o });
  };

  it('accepts DP16 × EP16 over 2 nodes with a link and an imbalance, and leaves them unset by default', () => {
    expect(problemsOf(wide({ dataParallel: 16, expertParallel: 16, nodes: 2, scaleOutLink: 'roce-400g', expertImbalance: 1.2 }))).toEqual([]);
    expect(ScenarioSchema.parse(rawScenario()).cluster.pools[0].expertParallel).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string, (string | number)[], string]>([
    ['an EP size other than TP × DP', { dataParallel: 16, expertParallel: 8, nodes: 2 }, 'conflict', ['expertParallel'], 'expertParallel (8) must equal tensorParallel × dataParallel = 1 × 16 = 16, as vLLM derives the EP size'],
    ['DP without EP', { dataParallel: 4 }, 'conflict', ['dataParallel'], 'dataParallel (4) is modelled as DP attention with expert parallelism: set expertParallel: 4, or use replicas for independent copies'],
    ['16 GPUs in one node', { dataParallel: 16, expertParallel: 16 }, 'out_of_range', ['dataParallel'], '16 GPUs (tensorParallel × dataParallel) over 1 node(s) is 16 per node, more than 8: set nodes to at least 2'],
    ['GPUs that do not split over the nodes', { dataParallel: 16, expertParallel: 16, nodes: 3 }, 'conflict', ['nodes'], '16 GPUs (tensorParallel × dataParallel) do not split evenly over 3 nodes'],
    ['TP across nodes', { tensorParallel: 8, nodes: 2 }, 'conflict', ['nodes'], 'tensorParallel 8 would span nodes (4 GPUs per node); keep TP inside a node'],
    ['an imbalance below 1', { expertImbalance: 0.8 }, 'out_of_range', ['expertImbalance'], 'must be ≥ 1, got 0.8'],
    ['EP larger than the expert count', { dataParallel: 512, expertParallel: 512, nodes: 64 }, 'out_of_range', ['expertParallel'], "expertParallel (512) exceeds deepseek-r1's 256 routed experts"],
  ])('reports %s at its field', (_, o, code, path, message) => {
    expect(brief(problemsOf(wide(o)))).toEqual([{ code, path: ['cluster', 'pools', 0, ...path], message }]);
  });

  it('refuses EP on a dense model and a scale-out link that is not a network link', () => {
    expect(brief(problemsOf((r) => Object.assign(r.cluster.pools[0], { dataParallel: 2, expertParallel: 2 })))).toEqual([
      { code: 'invalid_value', path: ['cluster', 'pools', 0, 'expertParallel'], message: 'expertParallel needs a MoE model; llama-3.1-8b is dense (use replicas for more copies)' },
    ]);
    const p = problemsOf(wide({ scaleOutLink: 'nvlink4' }));
    expect(p.map((x) => [x.code, x.path.join('.')])).toEqual([['unknown_id', 'cluster.pools.0.scaleOutLink']]);
    expect(p[0].message).toMatch(/^unknown scale-out link `nvlink4`.*known: ib-400g, roce-200g, roce-400g, eth-25g, eth-100g$/);
  });
});

describe('pool labels', () => {
  it('are Kubernetes labels the EPP reads; the role label is `role`, not a label', () => {
    expect(problemsOf((r) => (r.cluster.pools[0].labels = { 'llm-d.ai/context-length-range': '0-4096', tier: 'gold' }))).toEqual([]);
    expect(brief(problemsOf((r) => (r.cluster.pools[0].labels = { 'llm-d.ai/role': 'decode' })))).toEqual([
      { code: 'invalid_value', path: ['cluster', 'pools', 0, 'labels'], message: 'set the role with `role`, not a label' },
    ]);
    expect(problemsOf((r) => (r.cluster.pools[0].labels = { 'bad key!': 'x' })).length).toBe(1);
  });
});
