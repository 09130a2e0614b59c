import { describe, expect, it } from 'vitest';
import { chipsPerNode, nodesPerReplica } from '../../../src/models/hardware/nodes.js';

describe('nodes per replica', () => {
  it('a replica spans as many nodes as its chips need: 8 per HGX node, 4 per TPU v5p host', () => {
    expect(nodesPerReplica('h100-sxm', 8)).toBe(1);
    expect(nodesPerReplica('h200-sxm', 16)).toBe(2);
    expect(nodesPerReplica('tpu-v5p', 8)).toBe(2);
    expect(nodesPerReplica('unknown', 1)).toBe(1);
  });

  it('every catalogued accelerator has a node size', () => {
    for (const id of ['h100-sxm', 'h200-sxm', 'b200-sxm', 'mi300x', 'mi325x', 'gaudi3', 'tpu-v5e', 'tpu-v6e']) expect(chipsPerNode(id)).toBe(8);
    expect(chipsPerNode('tpu-v5p')).toBe(4);
  });
});
