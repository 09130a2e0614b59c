/**
 * The planner's P/D and KV-tier axes: parsing their flag values and the scenario overrides that
 * make a one-replica fleet of a split or a tiered pod. A P/D "replica" is one unit of
 * `prefill` prefill pods and `decode` decode pods, so fleets grow by whole units and the ratio
 * stays the one searched.
 */
import { setArg } from '../job.js';

export interface PdSplit {
  prefill: number;
  decode: number;
}

/** KV offload behind each pod's GPU cache (vLLM's OffloadingConnector, an LMCache-style NVMe tier). */
export interface KvTier {
  name: 'none' | 'cpu' | 'cpu+nvme';
  /** GiB per pod; undefined: the default per GPU of the pod (DEFAULT_TIER_GIB_PER_GPU). */
  cpuGiB?: number;
  nvmeGiB?: number;
}

/**
 * Host memory a tier may use per GPU of a pod by default: half of an 8-GPU node's 2 TiB DRAM
 * share (p5/p5en/ND-series hosts) and 1 TiB of its 8 × 3.84 TB local NVMe.
 */
export const DEFAULT_TIER_GIB_PER_GPU = { cpu: 128, nvme: 1024 };

export const NO_TIER: KvTier = { name: 'none' };

/** The pools a P/D unit's overrides make (pdSets), by role: named after their role. */
export const PD_POOLS = [
  { name: 'prefill', role: 'prefill' },
  { name: 'decode', role: 'decode' },
] as const;

/** `0` (aggregated), `1:1`, `1:2`, ...: prefill:decode pods per unit. Throws a message naming the value. */
export function parsePdSplit(text: string): PdSplit | undefined {
  if (text === '0' || text === 'none') return undefined;
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[1]) > 16 || Number(m[2]) > 16) throw new RangeError(`expected 0 (aggregated) or PREFILL:DECODE pods such as 1:2 (1-16 each), got \`${text}\``);
  return { prefill: Number(m[1]), decode: Number(m[2]) };
}

/** `none`, `cpu`, `cpu+nvme`, sizes per pod optional: `cpu:256`, `cpu:256+nvme:2048` (GiB). */
export function parseKvTier(text: string): KvTier {
  if (text === 'none') return NO_TIER;
  const m = /^cpu(?::(\d+(?:\.\d+)?))?(?:\+nvme(?::(\d+(?:\.\d+)?))?)?$/.exec(text);
  if (!m) throw new RangeError(`expected none, cpu, cpu+nvme (sizes per pod optional: cpu:256+nvme:2048 GiB), got \`${text}\``);
  const nvme = text.includes('+nvme');
  return { name: nvme ? 'cpu+nvme' : 'cpu', ...(m[1] !== undefined && { cpuGiB: Number(m[1]) }), ...(nvme && m[2] !== undefined && { nvmeGiB: Number(m[2]) }) };
}

/** A tier's sizes for a pod of `gpus` GPUs. */
export function tierGiB(tier: KvTier, gpus: number): { cpuGiB: number; nvmeGiB: number } {
  if (tier.name === 'none') return { cpuGiB: 0, nvmeGiB: 0 };
  return {
    cpuGiB: tier.cpuGiB ?? DEFAULT_TIER_GIB_PER_GPU.cpu * gpus,
    nvmeGiB: tier.name === 'cpu+nvme' ? (tier.nvmeGiB ?? DEFAULT_TIER_GIB_PER_GPU.nvme * gpus) : 0,
  };
}

/** The id parts: `-p1d2`, `-kvcpu`, `-kvcpu-nvme` (file-name safe); empty for today's defaults. */
export function axesId(pd: PdSplit | undefined, tier: KvTier): string {
  return `${pd ? `-p${pd.prefill}d${pd.decode}` : ''}${tier.name === 'none' ? '' : `-kv${tier.name.replace('+', '-')}`}`;
}

export function tierLabel(tier: KvTier, gpus: number): string {
  if (tier.name === 'none') return 'none';
  const g = tierGiB(tier, gpus);
  return `cpu ${g.cpuGiB} GiB${g.nvmeGiB > 0 ? ` + nvme ${g.nvmeGiB} GiB` : ''}`;
}

/**
 * The overrides of one unit: for P/D, the base pool twice (roles prefill and decode) with the
 * candidate's accelerator, precision and TP, a KV-transfer link (the scenario's, else 400G
 * InfiniBand, one NIC per GPU) and the P/D router config.
 */
export function pdSets(basePool: Record<string, unknown>, kvTransfer: unknown, pod: Record<string, unknown>, pd: PdSplit, router: string): string[] {
  const { name: _name, role: _role, ...rest } = basePool;
  const pool = (name: string, role: string, replicas: number) => ({ ...rest, ...pod, name, role, replicas });
  return [
    setArg('cluster.pools', PD_POOLS.map((p) => pool(p.name, p.role, pd[p.role]))),
    setArg('cluster.kvTransfer', kvTransfer ?? { link: 'ib-400g' }),
    setArg('router.config', router),
  ];
}
