/**
 * Data paths a KV block can cross: scale-up fabrics, host links, network links between pods, and
 * the tiers below HBM (host DRAM, NVMe). Bandwidth is one direction, GB/s (10^9 bytes/s), before
 * any efficiency; latency is the fixed cost of one transfer (setup, first byte), seconds. Latencies
 * are priors unless a source is named: no measured per-transfer latency is in the reference set.
 * Used for P/D KV transfer and tiered KV (DESIGN §2).
 */
export type LinkId =
  | 'nvlink4'
  | 'nvlink5'
  | 'xgmi'
  | 'pcie5'
  | 'ib-400g'
  | 'roce-200g'
  | 'roce-400g'
  | 'eth-25g'
  | 'eth-100g'
  | 'host-dram'
  | 'nvme';

export type LinkKind = 'scale-up' | 'host' | 'network' | 'memory' | 'storage';

export interface Link {
  id: LinkId;
  kind: LinkKind;
  name: string;
  /** One direction, GB/s, between the two ends of one transfer. */
  bandwidthGBps: number;
  /** Fixed cost per transfer, seconds. */
  latencySeconds: number;
  source: string;
}

const GBIT = 1 / 8; // GB/s per Gb/s

const ALL: readonly Link[] = [
  {
    id: 'nvlink4',
    kind: 'scale-up',
    name: 'NVLink 4 (H100/H200, via NVSwitch)',
    bandwidthGBps: 450, // 18 links, 450 uni / 900 bidir
    latencySeconds: 2e-6, // prior: a peer copy's launch and first byte
    source: 'stas00/ml-engineering network/README.md @0030e63f, NVLink table (hardware.md A.1)',
  },
  {
    id: 'nvlink5',
    kind: 'scale-up',
    name: 'NVLink 5 (B200, via NVSwitch)',
    bandwidthGBps: 900, // 18 links, 900 uni / 1800 bidir
    latencySeconds: 2e-6, // prior, as NVLink 4
    source: 'stas00/ml-engineering network/README.md @0030e63f, NVLink table (hardware.md A.1)',
  },
  {
    id: 'xgmi',
    kind: 'scale-up',
    name: 'AMD Infinity Fabric (xGMI), one peer pair',
    // A transfer between two GPUs uses the one 64 GB/s link between them; 448 GB/s (7 links) is the
    // all-to-all figure a GPU reaches only talking to all seven peers at once.
    bandwidthGBps: 64,
    latencySeconds: 3e-6, // prior, a little above NVLink
    source: 'stas00/ml-engineering network/README.md @0030e63f, Infinity Fabric table (hardware.md A.1, A.2)',
  },
  {
    id: 'pcie5',
    kind: 'host',
    name: 'PCIe Gen5 x16',
    bandwidthGBps: 63, // 63 uni / 126 bidir
    latencySeconds: 2e-6, // prior: a DMA descriptor and first byte
    source: 'stas00/ml-engineering network/README.md @0030e63f, PCIe table (hardware.md A.1)',
  },
  {
    id: 'ib-400g',
    kind: 'network',
    name: 'InfiniBand NDR 400 Gb/s (one NIC)',
    bandwidthGBps: 400 * GBIT, // 50 GB/s
    latencySeconds: 5e-6, // prior: RDMA write through one switch, with NIXL's per-transfer setup
    source: 'line rate: NVIDIA ConnectX-7 / Quantum-2 NDR 400 Gb/s per port',
  },
  {
    id: 'roce-200g',
    kind: 'network',
    name: 'RoCE v2 200 Gb/s (one NIC)',
    bandwidthGBps: 200 * GBIT, // 25 GB/s
    latencySeconds: 10e-6, // prior: lossless Ethernet RDMA, above InfiniBand's
    source: 'line rate: 200 GbE (IEEE 802.3bs); Gaudi 3 ports are 200 GbE RoCE v2 (hardware.md A.1)',
  },
  {
    id: 'roce-400g',
    kind: 'network',
    name: 'RoCE v2 400 Gb/s (one NIC)',
    bandwidthGBps: 400 * GBIT, // 50 GB/s
    latencySeconds: 10e-6, // prior, as RoCE 200G
    source: 'line rate: 400 GbE (IEEE 802.3bs), e.g. ConnectX-7 in Ethernet mode',
  },
  {
    id: 'eth-25g',
    kind: 'network',
    name: 'Ethernet 25 Gb/s (TCP)',
    bandwidthGBps: 25 * GBIT, // 3.125 GB/s
    latencySeconds: 50e-6, // prior: kernel TCP round trip inside a data centre
    source: 'line rate: 25 GbE (IEEE 802.3by)',
  },
  {
    id: 'eth-100g',
    kind: 'network',
    name: 'Ethernet 100 Gb/s (TCP)',
    bandwidthGBps: 100 * GBIT, // 12.5 GB/s
    latencySeconds: 30e-6, // prior: kernel TCP, faster NIC
    source: 'line rate: 100 GbE (IEEE 802.3ba/cd)',
  },
  {
    id: 'host-dram',
    kind: 'memory',
    name: 'Host DRAM, DDR5-4800 x 8 channels (one socket)',
    // 8 channels x 4800 MT/s x 8 bytes = 307.2 GB/s peak per socket (e.g. Xeon Platinum 8480+, as
    // in DGX H100 and the Gaudi 3 HLS node). The GPU reaches CPU KV blocks over PCIe (63 GB/s), so
    // that link, not DRAM, bounds a GPU<->CPU copy; this is DRAM's own ceiling.
    bandwidthGBps: 307.2,
    latencySeconds: 100e-9, // ~100 ns load-to-use DRAM latency
    source: 'Intel Xeon Platinum 8480+ specifications (ark.intel.com): 8 channels DDR5-4800',
  },
  {
    id: 'nvme',
    kind: 'storage',
    name: 'Datacenter NVMe SSD, PCIe Gen4 x4 (read)',
    // Sequential read 7.0 GB/s (write 3.8) for a Samsung PM1733-class Gen4 U.2 drive; Gen5 drives
    // (e.g. PM1743) reach ~13 GB/s. One drive, reads: what loading KV blocks back costs.
    bandwidthGBps: 7.0,
    latencySeconds: 90e-6, // ~90 µs 4 KiB random-read latency on the same class of drive
    source: 'Samsung PM1733 datasheet: 7000 MB/s sequential read, 3800 MB/s write',
  },
];

/** Every link, keyed by id. */
export const LINKS: Readonly<Record<LinkId, Link>> = Object.freeze(
  Object.fromEntries(ALL.map((l) => [l.id, l])) as Record<LinkId, Link>,
);

/** The link with this id; an unknown id is a bug (scenario validation checks ids first) and throws. */
export function getLink(id: string): Link {
  if (!Object.hasOwn(LINKS, id)) {
    throw new Error(`unknown link id '${id}'; known: ${Object.keys(LINKS).join(', ')}`);
  }
  return LINKS[id as LinkId];
}

/**
 * Seconds to move `bytes` over `link` alone: latency + bytes ÷ (bandwidth × efficiency).
 * Sharing between concurrent transfers is the caller's business (the sim's link model).
 */
export function transferSeconds(link: Link, bytes: number, efficiency = 1): number {
  return link.latencySeconds + bytes / (link.bandwidthGBps * 1e9 * efficiency);
}
