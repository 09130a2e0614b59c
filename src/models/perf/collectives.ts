import type { Accelerator, ScaleUpLink } from '../hardware/types.js';

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
 */
export function tpLinkGBps(link: ScaleUpLink, tensorParallel: number): number {
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
