import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModel } from '../../../src/models/llm/catalog.js';
import { parseHfConfig, type HfConfigResult } from '../../../src/models/llm/hf-config.js';
import { countParams } from '../../../src/models/llm/params.js';
import type { ModelArchitecture } from '../../../src/models/llm/types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/hf');

function parseFixture(name: string): HfConfigResult {
  const path = join(FIXTURES, name);
  return parseHfConfig(readFileSync(path, 'utf8'), path);
}

function ok(r: HfConfigResult): ModelArchitecture {
  if (!r.ok) throw new Error(`expected a model, got: ${JSON.stringify(r.problems)}`);
  return r.model;
}

function problems(r: HfConfigResult) {
  if (r.ok) throw new Error('expected problems, got a model');
  return r.problems;
}

/** The architecture figures, without names and sources. */
function shapeOf(m: ModelArchitecture) {
  const { numLayers, hiddenSize, numHeads, numKvHeads, headDim, intermediateSize } = m;
  const rest = [m.vocabSize, m.tieWordEmbeddings, m.maxPositionEmbeddings];
  return [numLayers, hiddenSize, numHeads, numKvHeads, headDim, intermediateSize, ...rest];
}

/** A minimal valid Llama-like config with some keys replaced; `undefined` deletes a key. */
function config(over: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    num_hidden_layers: 2,
    hidden_size: 256,
    num_attention_heads: 8,
    num_key_value_heads: 2,
    intermediate_size: 512,
    vocab_size: 1000,
    max_position_embeddings: 4096,
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return JSON.stringify(base, null, 2);
}

describe('Hugging Face config.json import: valid files', () => {
  it('reads a dense Llama config into the catalogue entry’s shapes, id from the file name', () => {
    const m = ok(parseFixture('llama-3.1-8b.json'));
    expect(shapeOf(m)).toEqual(shapeOf(getModel('llama-3.1-8b')));
    expect(m.id).toBe('llama-3.1-8b'); // basename without .json: there is no _name_or_path
    expect(m.hfRepo).toBe(join(FIXTURES, 'llama-3.1-8b.json'));
    expect(m.sources?.[0]).toContain('llama-3.1-8b.json');
    expect(m.moe).toBeUndefined();
    expect(m.mla).toBeUndefined();
  });

  it('reads DeepSeek-R1 (MoE and MLA) into the catalogue entry: same 671,026,404,352 parameters', () => {
    const m = ok(parseFixture('deepseek-r1.json'));
    const catalogue = getModel('deepseek-r1');
    expect(m.moe).toEqual(catalogue.moe);
    expect(m.mla).toEqual(catalogue.mla);
    expect(m.headDim).toBe(192); // qk_nope_head_dim + qk_rope_head_dim
    expect(countParams(m).total).toBe(671_026_404_352);
    expect(countParams(m).active).toBe(countParams(catalogue).active);
  });

  it('reads Mixtral’s num_local_experts, the expert width from intermediate_size, the id from _name_or_path', () => {
    const mixtral = { _name_or_path: 'mistralai/Mixtral-8x7B-v0.1', num_local_experts: 8, num_experts_per_tok: 2 };
    const m = ok(parseHfConfig(config({ ...mixtral, head_dim: null }), 'cfg/config.json'));
    expect(m.id).toBe('mistralai/Mixtral-8x7B-v0.1');
    expect(m.hfRepo).toBe('mistralai/Mixtral-8x7B-v0.1');
    expect(m.headDim).toBe(32); // head_dim null: 256 / 8
    expect(m.moe).toEqual({
      numExperts: 8,
      numExpertsPerTok: 2,
      moeIntermediateSize: 512,
      numSharedExperts: 0,
      firstDenseLayers: 0,
    });
  });

  it('expresses Qwen2-MoE’s shared_expert_intermediate_size in expert widths, and flags Qwen3’s q/k norms', () => {
    const qwen2Moe = { num_experts: 60, num_experts_per_tok: 4, moe_intermediate_size: 1408 };
    const qwen2 = ok(parseHfConfig(config({ ...qwen2Moe, shared_expert_intermediate_size: 5632 }), 'qwen2-moe.json'));
    expect(qwen2.moe).toMatchObject({ numExperts: 60, moeIntermediateSize: 1408, numSharedExperts: 4 });
    const qwen3 = ok(parseHfConfig(config({ model_type: 'qwen3', head_dim: 128 }), 'qwen3.json'));
    expect([qwen3.qkNorm, qwen3.headDim]).toEqual([true, 128]);
  });

  it('reads MLA without a compressed query (q_lora_rank null) as qLoraRank 0', () => {
    const m = ok(
      parseHfConfig(
        config({ kv_lora_rank: 512, q_lora_rank: null, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128 }),
        'v2-lite.json',
      ),
    );
    expect(m.mla).toEqual({ kvLoraRank: 512, qLoraRank: 0, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
  });

  it('finds the language model under text_config in a multimodal config', () => {
    const text = JSON.stringify({
      architectures: ['Mistral3ForConditionalGeneration'],
      text_config: JSON.parse(config({ vocab_size: 131072 })),
      vision_config: { hidden_size: 1024, num_hidden_layers: 24 },
      tie_word_embeddings: true,
    });
    const m = ok(parseHfConfig(text, 'mm.json'));
    expect([m.numLayers, m.hiddenSize, m.vocabSize, m.tieWordEmbeddings]).toEqual([2, 256, 131072, true]);
  });
});

describe('Hugging Face config.json import: problems', () => {
  it('reports all three problems of the malformed fixture at once, with their lines', () => {
    // line 1 `{`: num_hidden_layers is missing (placed at the object)
    // line 4: "intermediate_size": "14336" is a string; line 6: 32 heads ÷ 6 KV heads
    const found = problems(parseFixture('broken.json'));
    expect(found.map((p) => [p.path, p.line, p.col])).toEqual([
      ['num_hidden_layers', 1, 1],
      ['intermediate_size', 4, 24],
      ['num_key_value_heads', 6, 26],
    ]);
    expect(found[0].message).toMatch(/missing; expected a positive integer/);
    expect(found[1].message).toBe('expected a positive integer, got the string "14336"');
    expect(found[2].message).toMatch(/32 attention heads are not divisible by 6 KV heads/);
  });

  it('reports a non-positive, a fractional and a wrongly typed value, each at its value', () => {
    const text = config({ vocab_size: 0, hidden_size: 256.5, tie_word_embeddings: 'no', max_position_embeddings: [1] });
    const found = problems(parseHfConfig(text, 'x.json'));
    const paths = ['hidden_size', 'max_position_embeddings', 'tie_word_embeddings', 'vocab_size'];
    expect(found.map((p) => p.path).sort()).toEqual(paths);
    const byPath = Object.fromEntries(found.map((p) => [p.path, p]));
    expect(byPath.vocab_size.message).toBe('expected a positive integer, got 0');
    expect(byPath.hidden_size.message).toBe('expected a positive integer, got 256.5');
    expect(byPath.max_position_embeddings.message).toBe('expected a positive integer, got an array');
    expect(byPath.tie_word_embeddings.message).toBe('expected true or false, got the string "no"');
    for (const p of found) expect(p.line).toBeGreaterThan(1);
  });

  it('names the text_config path for a problem inside it', () => {
    const text = JSON.stringify({ text_config: JSON.parse(config({ num_key_value_heads: 3 })) }, null, 2);
    const found = problems(parseHfConfig(text, 'mm.json'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'text_config.num_key_value_heads', line: 6 });
  });

  it('checks the MoE keys it needs', () => {
    const found = problems(parseHfConfig(config({ n_routed_experts: 4, num_experts_per_tok: 8 }), 'x.json'));
    expect(found.map((p) => p.message)).toEqual(['8 experts per token exceed the 4 experts']);
    const missing = problems(parseHfConfig(config({ n_routed_experts: 4 }), 'x.json'));
    expect(missing.map((p) => p.path)).toEqual(['num_experts_per_tok']);
  });

  it('reports invalid JSON once, at the first error, with its line and column', () => {
    const found = problems(parseHfConfig('{\n  "hidden_size": 4096,,\n  "vocab_size": 1\n}', 'x.json'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: '', line: 2, col: 23 });
    expect(found[0].message).toMatch(/^invalid JSON: /);
  });

  it('rejects what YAML accepts but JSON does not (a trailing comma), placed by JSON.parse’s position', () => {
    const found = problems(parseHfConfig('{\n  "hidden_size": 4096,\n}', 'x.json'));
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(3);
    expect(found[0].message).toMatch(/^invalid JSON: /);
  });

  it('wants an object at the top', () => {
    const notObject = { path: '', line: 1, col: 1, message: 'expected a JSON object' };
    expect(problems(parseHfConfig('[1, 2]', 'x.json'))).toEqual([notObject]);
    expect(problems(parseHfConfig('', 'x.json'))[0].message).toMatch(/^invalid JSON/);
  });
});
