import type { Link } from '../hardware/links.js';
import type { Accelerator, ScaleUpLink } from '../hardware/types.js';
import { iciTpLinkGBps } from './ici.js';

/**
 * Cost of one collective on a tensor-parallel group: time = latency + bytes × secondsPerByte
 * (bytes = the payload each rank contributes). Both zero at TP1.
 */
export interface CollectiveCost {
  secondsPerByte: number;
  latencySeconds: number;
}

/**
 * Link bandwidth one rank can drive inside a TP group, GB/s one direction, before efficiency:
 * min(all-to-all, (TP − 1) × peer-to-peer). On NVSwitch both terms equal the per-GPU bandwidth
 * from TP2 on. On a point-to-point mesh (xGMI, Gaudi RoCE, ICI) a rank talks to TP − 1 peers over
 * one link each, so MI300X gets 64 GB/s at TP2, 192 at TP4 and 448 at TP8: hardware.md's warning
 * about TP2/TP4, matching the measured 47.7 vs 312.9 GB/s bus bandwidth at 2 vs 8 GPUs (A.2).
 * A TPU chip reaches only its torus neighbours: one link per axis of the TP group's slice (ici.ts).
 */
export function tpLinkGBps(link: ScaleUpLink, tensorParallel: number): number {
  if (link.topology === 'ici-torus') return iciTpLinkGBps(link, tensorParallel);
  return Math.min(link.allToAllGBps, (tensorParallel - 1) * link.peerToPeerGBps);
}

/**
 * Ring all-reduce: each rank sends and receives 2(TP − 1)/TP of the payload, at the link bandwidth
 * times the accelerator's collective efficiency, plus one latency per call.
 */
export function allReduceCost(acc: Accelerator, tensorParallel: number): CollectiveCost {
  if (tensorParallel <= 1) return { secondsPerByte: 0, latencySeconds: 0 };
  const bytesPerSecond = tpLinkGBps(acc.scaleUp, tensorParallel) * 1e9 * acc.efficiency.collective;
  return {
    secondsPerByte: (2 * (tensorParallel - 1)) / tensorParallel / bytesPerSecond,
    latencySeconds: acc.scaleUp.latencySeconds,
  };
}

/**
 * All-gather where `bytes` is the gathered (whole) size: each rank receives (TP − 1)/TP of it.
 * vLLM gathers the LM head's vocab-parallel logits this way.
 */
export function allGatherCost(acc: Accelerator, tensorParallel: number): CollectiveCost {
  if (tensorParallel <= 1) return { secondsPerByte: 0, latencySeconds: 0 };
  const bytesPerSecond = tpLinkGBps(acc.scaleUp, tensorParallel) * 1e9 * acc.efficiency.collective;
  return {
    secondsPerByte: (tensorParallel - 1) / tensorParallel / bytesPerSecond,
    latencySeconds: acc.scaleUp.latencySeconds,
  };
}

/** Seconds for one collective of `bytes`; 0 when there is nothing to move or no group. */
export function collectiveSeconds(c: CollectiveCost, bytes: number): number {
  return bytes > 0 && c.latencySeconds + c.secondsPerByte > 0 ? c.latencySeconds + bytes * c.secondsPerByte : 0;
}

/**
 * Expert-parallel all-to-all (MoE dispatch or combine) over `ep` ranks spread on `numNodes` nodes:
 * `bytes` is what one rank sends, counting each of a token's k copies (one per chosen expert), and
 * its destinations are uniform over the EP ranks. Of every byte, (G − 1)/EP goes to the other G − 1
 * GPUs of its node over the scale-up link and (EP − G)/EP to other nodes over the rank's own NIC
 * (1/EP stays local); the two run at once, so the slower share bounds it:
 *   secondsPerByte = max((G − 1)/EP ÷ scale-up, (EP − G)/EP ÷ NIC), each at the collective efficiency.
 * One latency per call: the slower link's. Zero cost at EP1. Sanity check (not fitted): DeepEP's
 * README (deepseek-ai/DeepEP, low-latency kernels, H800 + CX7 400G IB, 128 tokens × top-8 × 7168,
 * fp8 dispatch / bf16 combine) gives EP16 dispatch 118 µs and combine 195 µs; this gives 102 and
 * 194 µs with the H200's 10 µs scale-up latency and 0.8 efficiency (test/models/perf/collectives.test.ts).
 */
export function allToAllCost(acc: Accelerator, ep: number, numNodes: number, scaleOut: Link): CollectiveCost {
  const l = allToAllLinks(acc, ep, numNodes, scaleOut);
  const intra = l.gpusPerNode > 1 ? ((l.gpusPerNode - 1) / ep) * l.scaleUpSecondsPerByte : 0;
  const inter = ep > l.gpusPerNode ? ((ep - l.gpusPerNode) / ep) * l.scaleOutSecondsPerByte : 0;
  return ep <= 1 ? { secondsPerByte: 0, latencySeconds: 0 } : { secondsPerByte: Math.max(intra, inter), latencySeconds: l.latencySeconds };
}

/** The two links of an EP group, seconds per byte at the collective efficiency, and one call's latency. */
export interface AllToAllLinks {
  gpusPerNode: number;
  scaleUpSecondsPerByte: number;
  scaleOutSecondsPerByte: number;
  latencySeconds: number;
}

export function allToAllLinks(acc: Accelerator, ep: number, numNodes: number, scaleOut: Link): AllToAllLinks {
  const gpusPerNode = Math.max(1, Math.min(ep, Math.ceil(ep / numNodes)));
  const eff = acc.efficiency.collective;
  return {
    gpusPerNode,
    scaleUpSecondsPerByte: gpusPerNode > 1 ? 1 / (tpLinkGBps(acc.scaleUp, gpusPerNode) * 1e9 * eff) : 0,
    scaleOutSecondsPerByte: 1 / (scaleOut.bandwidthGBps * 1e9 * eff),
    latencySeconds: ep > gpusPerNode ? Math.max(acc.scaleUp.latencySeconds, scaleOut.latencySeconds) : acc.scaleUp.latencySeconds,
  };
}
