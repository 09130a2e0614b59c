import { describe, expect, it } from 'vitest';
import { getLink } from '../../../src/models/hardware/links.js';
import { getModel } from '../../../src/models/llm/catalog.js';
import {
  DEFAULT_EXPERT_IMBALANCE,
  expertParallelProblem,
  expertsPerRank,
  gpusPerReplica,
  type ExpertParallelism,
} from '../../../src/models/perf/expert-parallel.js';

function ep(o: Partial<ExpertParallelism> = {}): ExpertParallelism {
  return { dataParallel: 16, size: 16, numNodes: 2, scaleOut: getLink('ib-400g'), imbalance: DEFAULT_EXPERT_IMBALANCE, ...o };
}

describe('expert-parallel layouts', () => {
  const r1 = getModel('deepseek-r1');

  it('accepts DeepSeek-R1 at TP1 × DP16 = EP16 over 2 nodes of 8, and no EP at all', () => {
    expect(expertParallelProblem(r1, 1, ep())).toBeUndefined();
    expect(expertParallelProblem(r1, 2, ep({ dataParallel: 8 }))).toBeUndefined();
    expect(expertParallelProblem(r1, 8, undefined)).toBeUndefined();
  });

  it.each<[string, number, Partial<ExpertParallelism>, string]>([
    ['an EP size other than TP × DP', 1, { size: 8 }, 'expertParallel 8 must equal tensorParallel × dataParallel = 1 × 16 = 16, as vLLM derives it'],
    ['more than 8 GPUs in a node', 1, { numNodes: 1 }, '16 GPUs over 1 node(s) is 16 per node, more than 8; raise nodes to 2'],
    ['GPUs that do not split over the nodes', 1, { numNodes: 3 }, '16 GPUs (tensorParallel × dataParallel) do not split evenly over 3 nodes'],
    ['TP across nodes', 8, { dataParallel: 1, numNodes: 2 }, 'tensorParallel 8 spans nodes (4 GPUs per node); keep TP inside a node'],
    ['an imbalance below 1', 1, { imbalance: 0.9 }, 'expertImbalance must be ≥ 1, got 0.9'],
  ])('refuses %s', (_, tp, o, message) => {
    expect(expertParallelProblem(r1, tp, ep({ ...o, size: o.size ?? tp * (o.dataParallel ?? 16) }))).toBe(message);
  });

  it('refuses a dense model and more EP ranks than experts', () => {
    expect(expertParallelProblem(getModel('llama-3.1-8b'), 1, ep())).toBe('expertParallel needs a MoE model; llama-3.1-8b is dense (use replicas for more copies)');
    expect(expertParallelProblem(getModel('mixtral-8x7b'), 1, ep())).toBe("expertParallel 16 exceeds mixtral-8x7b's 8 routed experts");
  });

  it('puts ceil(E ÷ EP) experts on the busiest rank and counts TP × DP GPUs', () => {
    expect(expertsPerRank(r1, ep())).toBe(16);
    expect(expertsPerRank(r1, ep({ size: 24, dataParallel: 24 }))).toBe(11); // 256 / 24 = 10.67
    expect(expertsPerRank(r1, undefined)).toBe(256);
    expect(gpusPerReplica(1, ep())).toBe(16);
    expect(gpusPerReplica(8, undefined)).toBe(8);
  });
});
