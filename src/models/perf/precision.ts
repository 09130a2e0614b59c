import type { Accelerator, Precision } from '../hardware/types.js';

/**
 * Bytes of one weight element stored at a precision. Block scales are ignored: <1 % for per-channel
 * fp8/int8, +6–12.5 % for fp4 (one 1-byte scale per 32 elements for MXFP4, per 16 for NVFP4).
 */
export const BYTES_PER_WEIGHT: Readonly<Record<Precision, number>> = Object.freeze({
  bf16: 2,
  fp8: 1,
  int8: 1,
  fp4: 0.5,
});

/** vLLM's --kv-cache-dtype: `auto` follows the model dtype (bf16 for every catalogue model). */
export type KvCacheDtype = 'auto' | 'fp8';

/** Bytes of one element in the residual stream, attention inputs and all-reduces (bf16). */
export const ACTIVATION_BYTES = 2;

/** Bytes per weight element stored at this precision (bf16 2, fp8 1, int8 1, fp4 0.5). */
export function bytesPerWeight(p: Precision): number {
  return BYTES_PER_WEIGHT[p];
}

/** Bytes per KV-cache element: `auto` = the model dtype, bf16 → 2; `fp8` → 1. */
export function kvDtypeBytes(kv: KvCacheDtype): number {
  return kv === 'fp8' ? 1 : 2;
}

/**
 * Where a precision's GEMMs run on a chip without units for it: the narrowest supported float
 * format at or above its width (fp4 → fp8 → bf16). int8 is an integer format and goes straight to
 * bf16: a chip without int8 units does not run it on fp8 ones. Weights keep their storage width;
 * only the compute rate falls back (dequantize-in-kernel, as Marlin-style kernels do).
 */
const FALLBACK: Readonly<Record<Precision, readonly Precision[]>> = {
  fp4: ['fp4', 'fp8', 'bf16'],
  fp8: ['fp8', 'bf16'],
  int8: ['int8', 'bf16'],
  bf16: ['bf16'],
};

/** The precision whose tensor units actually run `p` on this chip (e.g. TPU v5e: fp8 → bf16). */
export function computePrecision(acc: Accelerator, p: Precision): Precision {
  for (const q of FALLBACK[p]) if (acc.peakTflops[q] !== undefined) return q;
  throw new Error(`accelerator ${acc.id} has no bf16 peak; the catalogue entry is broken`);
}

/** Dense peak TFLOP/s (TOPS for int8) for GEMMs at precision `p`, after the fallback above. */
export function peakTflopsFor(acc: Accelerator, p: Precision): number {
  return acc.peakTflops[computePrecision(acc, p)] as number;
}

/**
 * Achieved/peak for GEMMs at `p`, after the fallback. A chip with no figure for that precision
 * uses its bf16 efficiency (every catalogue entry has one; the catalogue test checks it).
 */
export function computeEfficiencyFor(acc: Accelerator, p: Precision): number {
  const eff = acc.efficiency.compute;
  const q = computePrecision(acc, p);
  const e = eff[q] ?? eff.bf16;
  if (e === undefined) throw new Error(`accelerator ${acc.id} has no bf16 compute efficiency`);
  return e;
}

/** Achieved GEMM rate at `p`, FLOP/s: peak × 10^12 × compute efficiency. */
export function effectiveFlopsPerSecond(acc: Accelerator, p: Precision): number {
  return peakTflopsFor(acc, p) * 1e12 * computeEfficiencyFor(acc, p);
}

/** Achieved HBM streaming rate, bytes/s: hbmTBps × 10^12 × memory efficiency. */
export function effectiveHbmBytesPerSecond(acc: Accelerator): number {
  return acc.hbmTBps * 1e12 * acc.efficiency.memory;
}

/** Achieved MLA absorbed-decode rate, FLOP/s: bf16 peak × its measured efficiency, else the bf16 GEMM one. */
export function mlaDecodeFlopsPerSecond(acc: Accelerator): number {
  return peakTflopsFor(acc, 'bf16') * 1e12 * (acc.efficiency.mlaDecode ?? computeEfficiencyFor(acc, 'bf16'));
}

/** Achieved attention rate, FLOP/s: bf16 peak × the attention efficiency, else the bf16 GEMM one. */
export function attentionFlopsPerSecond(acc: Accelerator): number {
  return peakTflopsFor(acc, 'bf16') * 1e12 * (acc.efficiency.attention ?? computeEfficiencyFor(acc, 'bf16'));
}
