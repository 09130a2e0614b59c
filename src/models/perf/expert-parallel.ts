import type { Link } from '../hardware/links.js';
import type { ModelArchitecture } from '../llm/types.js';

/**
 * Data-parallel attention with expert parallelism, as vLLM runs a MoE model with
 * `--data-parallel-size DP --tensor-parallel-size TP --enable-expert-parallel` (vLLM docs,
 * serving/data_parallel_deployment and expert_parallel_deployment):
 * - attention, dense layers, shared experts, embedding and LM head are replicated on each of the DP
 *   ranks (sharded TP ways inside one), and each DP rank attends only over its own requests, so KV
 *   is not replicated: the replica's KV capacity is the sum over DP ranks;
 * - the routed experts are spread, whole, over EP = TP × DP ranks (vLLM derives the EP size; it is
 *   not set on its own), and every MoE layer moves tokens to their experts and back with an
 *   all-to-all (dispatch, combine) over NVLink inside a node and the scale-out NIC between nodes;
 * - the DP ranks step in lockstep (vLLM's DP coordinator runs dummy batches on idle ranks), so a
 *   step takes as long as its busiest rank.
 * One simulated pod is one such replica (an LWS group of `numNodes` nodes).
 */
export interface ExpertParallelism {
  /** DP attention ranks (vLLM --data-parallel-size). */
  dataParallel: number;
  /** EP ranks: tensorParallel × dataParallel. */
  size: number;
  /** Nodes the replica spans; GPUs per node = size ÷ numNodes. */
  numNodes: number;
  /** The NIC each GPU has to the other nodes (DGX/HGX: one 400G NIC per GPU). */
  scaleOut: Link;
  /**
   * Routed-token load of the busiest EP rank ÷ the mean, ≥ 1. Scales that rank's expert GEMMs and
   * the all-to-all bytes it receives. See DEFAULT_EXPERT_IMBALANCE.
   */
  imbalance: number;
}

/** GPUs in one node: HGX/DGX H100/H200/B200, MI300X/MI325X platforms and Gaudi 3 HLS all have 8. */
export const GPUS_PER_NODE = 8;

/**
 * Default busiest-rank ÷ mean expert load. A prior, not a measurement: routers are not uniform and
 * even with EPLB's redundant experts a live batch hits ranks unevenly (LMSYS, "Improving DeepEP MoE
 * Load Balance in SGLang with Waterfill and LPLB", 2026-06-26: dispatch-time rebalancing on top of
 * EPLB still gains 1–7 % throughput; vLLM PR #28449: round-robin instead of linear expert
 * placement, +14.6 % throughput for DeepSeek-R1 at DP16 EP16). 1.3 sits between those gains and the
 * 1.2–1.8 skew commonly quoted for unbalanced routing; set it per scenario.
 */
export const DEFAULT_EXPERT_IMBALANCE = 1.3;

/**
 * Why vLLM (or this model) would refuse the layout, or undefined. `ep` absent means no expert
 * parallelism: experts are TP-sharded and there is one DP rank.
 */
export function expertParallelProblem(
  m: ModelArchitecture,
  tensorParallel: number,
  ep: ExpertParallelism | undefined,
): string | undefined {
  if (!ep) return undefined;
  const { dataParallel: dp, size, numNodes } = ep;
  if (!Number.isInteger(dp) || dp < 1) return `dataParallel must be a positive integer, got ${dp}`;
  if (!Number.isInteger(numNodes) || numNodes < 1) return `nodes must be a positive integer, got ${numNodes}`;
  if (!m.moe) return `expertParallel needs a MoE model; ${m.id} is dense (use replicas for more copies)`;
  if (size !== tensorParallel * dp) {
    return `expertParallel ${size} must equal tensorParallel × dataParallel = ${tensorParallel} × ${dp} = ${tensorParallel * dp}, as vLLM derives it`;
  }
  if (size > m.moe.numExperts) return `expertParallel ${size} exceeds ${m.id}'s ${m.moe.numExperts} routed experts`;
  if (size % numNodes !== 0) return `${size} GPUs (tensorParallel × dataParallel) do not split evenly over ${numNodes} nodes`;
  const perNode = size / numNodes;
  if (perNode > GPUS_PER_NODE) {
    return `${size} GPUs over ${numNodes} node(s) is ${perNode} per node, more than ${GPUS_PER_NODE}; raise nodes to ${Math.ceil(size / GPUS_PER_NODE)}`;
  }
  if (tensorParallel > perNode) return `tensorParallel ${tensorParallel} spans nodes (${perNode} GPUs per node); keep TP inside a node`;
  if (!(ep.imbalance >= 1 && Number.isFinite(ep.imbalance))) return `expertImbalance must be ≥ 1, got ${ep.imbalance}`;
  return undefined;
}

/** Routed experts the busiest EP rank holds: ceil(E ÷ EP) (vLLM gives the remainder to the first ranks). */
export function expertsPerRank(m: ModelArchitecture, ep: ExpertParallelism | undefined): number {
  if (!m.moe) return 0;
  return ep ? Math.ceil(m.moe.numExperts / ep.size) : m.moe.numExperts;
}

/** GPUs one replica uses: TP × DP. */
export function gpusPerReplica(tensorParallel: number, ep: ExpertParallelism | undefined): number {
  return tensorParallel * (ep ? ep.dataParallel : 1);
}
