import { basename, extname } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { ModelArchitecture, MlaConfig, MoeConfig } from './types.js';

/** One thing wrong with a config.json: the dotted key path, where it is (1-based), what is wrong. */
export interface HfConfigProblem {
  path: string;
  line?: number;
  col?: number;
  message: string;
}

export type HfConfigResult = { ok: true; model: ModelArchitecture } | { ok: false; problems: HfConfigProblem[] };

/** Keys searched in order: multimodal configs nest the language model under `text_config`. */
interface Scope {
  map: YAMLMap;
  prefix: string;
}

/**
 * Reads a Hugging Face config.json into an architecture. The text is parsed as YAML 1.2 (JSON is a
 * subset) for the line and column of every key, and by JSON.parse for strictness. Every problem is
 * collected (a missing key at the object that should hold it, a bad value at the value); after the
 * first syntax error nothing else is reported, since the rest would be its echoes.
 * Keys: num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads (default: heads),
 * head_dim (default hidden / heads), intermediate_size, vocab_size, tie_word_embeddings (default
 * false), max_position_embeddings; MoE: num_local_experts | num_experts | n_routed_experts,
 * num_experts_per_tok, moe_intermediate_size (default intermediate_size, as Mixtral),
 * n_shared_experts | shared_expert_intermediate_size, first_k_dense_replace; MLA: kv_lora_rank,
 * q_lora_rank (null: none), qk_nope_head_dim, qk_rope_head_dim, v_head_dim. A JSON null is absent.
 * id = `_name_or_path` or the file's basename without extension; hfRepo = `_name_or_path` or the path.
 */
export function parseHfConfig(text: string, file: string): HfConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return fail({ path: '', ...at(doc.errors[0].pos[0]), message: `invalid JSON: ${doc.errors[0].message}` });
  }
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    return fail({ path: '', ...(pos ? at(Number(pos[1])) : {}), message: `invalid JSON: ${message}` });
  }
  const root = doc.contents;
  if (!isMap(root)) return fail({ path: '', line: 1, col: 1, message: 'expected a JSON object' });

  const problems: HfConfigProblem[] = [];
  const textConfig = pairOf(root, 'text_config')?.value;
  const scopes: Scope[] = [{ map: root, prefix: '' }];
  if (isMap(textConfig)) scopes.unshift({ map: textConfig, prefix: 'text_config.' });
  const home = scopes[0];
  const posOf = (node: Node | undefined | null) => (node?.range ? at(node.range[0]) : {});

  /** The value node for `key` (null counts as absent), searched through the scopes. */
  function find(key: string): { path: string; node: Node } | undefined {
    for (const s of scopes) {
      const node = pairOf(s.map, key)?.value as Node | null | undefined;
      if (node && !(isScalar(node) && node.value === null)) return { path: s.prefix + key, node };
    }
    return undefined;
  }
  function problem(path: string, node: Node | undefined | null, message: string): undefined {
    problems.push({ path, ...posOf(node), message });
    return undefined;
  }
  /** A problem with the value of a key that was read (and so exists). */
  function problemAt(key: string, message: string): void {
    const f = find(key);
    problem(f?.path ?? key, f?.node, message);
  }
  /** An integer ≥ min (1, or 0 for counts that may be none); undefined and a problem when bad. */
  function int(key: string, required: boolean, min = 1): number | undefined {
    const f = find(key);
    const expected = `expected ${min === 1 ? 'a positive' : 'a non-negative'} integer`;
    if (!f) return required ? problem(home.prefix + key, home.map, `missing; ${expected}`) : undefined;
    const v = isScalar(f.node) ? f.node.value : f.node;
    if (typeof v !== 'number') return problem(f.path, f.node, `${expected}, got ${describe(v)}`);
    if (!Number.isInteger(v) || v < min) return problem(f.path, f.node, `${expected}, got ${v}`);
    return v;
  }
  function bool(key: string, fallback: boolean): boolean {
    const f = find(key);
    if (!f) return fallback;
    const v = isScalar(f.node) ? f.node.value : f.node;
    if (typeof v === 'boolean') return v;
    problem(f.path, f.node, `expected true or false, got ${describe(v)}`);
    return fallback;
  }
  function str(key: string): string | undefined {
    const f = find(key);
    const v = f && isScalar(f.node) ? f.node.value : undefined;
    return typeof v === 'string' && v.length > 0 ? v : undefined;
  }

  const numLayers = int('num_hidden_layers', true);
  const hiddenSize = int('hidden_size', true);
  const numHeads = int('num_attention_heads', true);
  const numKvHeads = int('num_key_value_heads', false) ?? numHeads;
  const headDimKey = int('head_dim', false);
  const intermediateSize = int('intermediate_size', true);
  const vocabSize = int('vocab_size', true);
  const maxPositionEmbeddings = int('max_position_embeddings', true);
  const tieWordEmbeddings = bool('tie_word_embeddings', false);
  if (numHeads !== undefined && numKvHeads !== undefined && numHeads % numKvHeads !== 0) {
    problemAt('num_key_value_heads', `${numHeads} attention heads are not divisible by ${numKvHeads} KV heads`);
  }
  const mla = readMla(find, int);
  let headDim = mla ? mla.qkNopeHeadDim + mla.qkRopeHeadDim : headDimKey;
  if (headDim === undefined && hiddenSize !== undefined && numHeads !== undefined) {
    if (hiddenSize % numHeads === 0) headDim = hiddenSize / numHeads;
    else problemAt('hidden_size', `${hiddenSize} is not divisible by ${numHeads} heads and there is no head_dim`);
  }
  const moe = readMoe(find, int, problemAt, intermediateSize, numLayers);

  if (problems.length > 0) return { ok: false, problems };
  const name = str('_name_or_path');
  const modelType = str('model_type');
  const model: ModelArchitecture = {
    id: name ?? basename(file, extname(file)),
    displayName: name ?? basename(file, extname(file)),
    hfRepo: name ?? file,
    numLayers: numLayers as number,
    hiddenSize: hiddenSize as number,
    numHeads: numHeads as number,
    numKvHeads: numKvHeads as number,
    headDim: headDim as number,
    intermediateSize: intermediateSize as number,
    vocabSize: vocabSize as number,
    tieWordEmbeddings,
    maxPositionEmbeddings: maxPositionEmbeddings as number,
    sources: [`Hugging Face config.json: ${file}`],
  };
  // Qwen3 has per-head q/k RMSNorms that no config key announces.
  if (modelType === 'qwen3' || modelType === 'qwen3_moe') model.qkNorm = true;
  if (moe) model.moe = moe;
  if (mla) model.mla = mla;
  return { ok: true, model };
}

type Find = (key: string) => { path: string; node: Node } | undefined;
type Int = (key: string, required: boolean, min?: number) => number | undefined;
type ProblemAt = (key: string, message: string) => void;

const EXPERT_KEYS = ['num_local_experts', 'num_experts', 'n_routed_experts'];

/** MoE fields, when one of the expert-count keys is present. */
function readMoe(
  find: Find,
  int: Int,
  problemAt: ProblemAt,
  intermediate: number | undefined,
  layers: number | undefined,
): MoeConfig | undefined {
  const key = EXPERT_KEYS.find((k) => find(k));
  if (!key) return undefined;
  const numExperts = int(key, true);
  const numExpertsPerTok = int('num_experts_per_tok', true);
  const moeIntermediateSize = int('moe_intermediate_size', false) ?? intermediate;
  const sharedWidth = int('shared_expert_intermediate_size', false, 0);
  const numShared = int('n_shared_experts', false, 0);
  const firstDenseLayers = int('first_k_dense_replace', false, 0) ?? 0;
  if (numExperts !== undefined && numExpertsPerTok !== undefined && numExpertsPerTok > numExperts) {
    problemAt('num_experts_per_tok', `${numExpertsPerTok} experts per token exceed the ${numExperts} experts`);
  }
  if (layers !== undefined && firstDenseLayers >= layers) {
    problemAt('first_k_dense_replace', `${firstDenseLayers} dense layers leave no MoE layer of ${layers}`);
  }
  if (numExperts === undefined || numExpertsPerTok === undefined || moeIntermediateSize === undefined) return undefined;
  // Qwen2-MoE gives the shared expert's width instead of a count: express it in expert widths.
  const numSharedExperts = numShared ?? (sharedWidth !== undefined ? sharedWidth / moeIntermediateSize : 0);
  return { numExperts, numExpertsPerTok, moeIntermediateSize, numSharedExperts, firstDenseLayers };
}

/** MLA fields, when kv_lora_rank is present. */
function readMla(find: Find, int: Int): MlaConfig | undefined {
  if (!find('kv_lora_rank')) return undefined;
  const kvLoraRank = int('kv_lora_rank', true);
  const qLoraRank = int('q_lora_rank', false) ?? 0;
  const qkNopeHeadDim = int('qk_nope_head_dim', true);
  const qkRopeHeadDim = int('qk_rope_head_dim', true);
  const vHeadDim = int('v_head_dim', true);
  const all = [kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim];
  if (all.some((v) => v === undefined)) return undefined;
  return { kvLoraRank, qLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } as MlaConfig;
}

function pairOf(map: YAMLMap, key: string) {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return String(v);
  if (isMap(v)) return 'an object';
  return v !== null && typeof v === 'object' ? 'an array' : String(v);
}

function fail(p: HfConfigProblem): HfConfigResult {
  return { ok: false, problems: [p] };
}
