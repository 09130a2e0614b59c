/**
 * Accelerators per server node, for replicas that span nodes (an LWS group: one pod per node).
 * Only what a node failure takes down and a restart must reload depends on it.
 */
const CHIPS_PER_NODE: Readonly<Record<string, number>> = {
  'h100-sxm': 8, // HGX/DGX H100: 8 SXM5 GPUs per baseboard
  'h200-sxm': 8, // HGX H200
  'b200-sxm': 8, // HGX/DGX B200
  mi300x: 8, // AMD Instinct MI300X platform (OAM UBB): 8 GPUs
  mi325x: 8, // MI325X platform, 8 GPUs
  gaudi3: 8, // Gaudi 3 HLS-2 server: 8 accelerators
  'tpu-v5e': 8, // ct5lp-hightpu-8t: the largest v5e host, 8 chips
  'tpu-v5p': 4, // ct5p-hightpu-4t: 4 chips per v5p host
  'tpu-v6e': 8, // ct6e-standard-8t: 8 chips per v6e host
};

/** Chips per node of this accelerator (8 if unknown: the HGX-class norm). */
export function chipsPerNode(acceleratorId: string): number {
  return CHIPS_PER_NODE[acceleratorId] ?? 8;
}

/** Nodes one replica of `chipsPerReplica` chips spans. */
export function nodesPerReplica(acceleratorId: string, chipsPerReplica: number): number {
  return Math.max(1, Math.ceil(chipsPerReplica / chipsPerNode(acceleratorId)));
}
