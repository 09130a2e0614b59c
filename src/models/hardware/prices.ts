/**
 * Indicative on-demand prices, US$ per accelerator-hour, for `fleetsim plan`. The reference set
 * has no prices, so these are public list prices (per GPU or chip, from 8-way instances where the
 * cloud sells them so) as of mid-2025; contracts differ a lot. Override them in the scenario
 * (`prices: { h100-sxm: 4.0 }`) or with `fleetsim plan --prices`.
 */
export interface Price {
  usdPerHour: number;
  source: string;
}

export const PRICES: Readonly<Record<string, Price>> = Object.freeze({
  'h100-sxm': { usdPerHour: 6.88, source: 'AWS p5.48xlarge on-demand after the June 2025 price cut, $55.04/h ÷ 8' },
  'h200-sxm': { usdPerHour: 7.91, source: 'AWS p5en.48xlarge on-demand, ~$63.3/h ÷ 8 (indicative)' },
  'b200-sxm': { usdPerHour: 14.24, source: 'AWS p6-b200.48xlarge on-demand, ~$113.9/h ÷ 8 (indicative)' },
  mi300x: { usdPerHour: 6.0, source: 'Azure ND MI300X v5 on-demand, ~$48/h ÷ 8 (indicative)' },
  mi325x: { usdPerHour: 6.5, source: 'estimate: MI300X price plus the HBM3E premium (no public list price)' },
  gaudi3: { usdPerHour: 4.0, source: 'estimate: IBM Cloud Gaudi 3 instance pricing (indicative)' },
  'tpu-v5e': { usdPerHour: 1.2, source: 'Google Cloud TPU v5e on-demand list price per chip-hour' },
  'tpu-v5p': { usdPerHour: 4.2, source: 'Google Cloud TPU v5p on-demand list price per chip-hour' },
  'tpu-v6e': { usdPerHour: 2.7, source: 'Google Cloud TPU v6e (Trillium) on-demand list price per chip-hour' },
});

/**
 * KV offload tiers' host memory, US$ per GiB-hour. Free with the node: the GPU instances priced
 * above come with their DRAM and local NVMe (p5.48xlarge: 2 TiB DRAM, 8 × 3.84 TB NVMe), and
 * plan's default tier sizes stay within a GPU's share of them. Override for hosts billed apart.
 */
export const TIER_PRICES: Readonly<Record<string, { usdPerGiBHour: number; source: string }>> = Object.freeze({
  'kv-cpu-gib': { usdPerGiBHour: 0, source: 'included with the GPU instance (its host DRAM; default tier ≤ half a GPU\'s share)' },
  'kv-nvme-gib': { usdPerGiBHour: 0, source: 'included with the GPU instance (its local NVMe; default tier 1 TiB per GPU)' },
});
