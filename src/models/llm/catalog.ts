import { DEEPSEEK_R1 } from './deepseek-r1.js';
import { LLAMA_2_70B } from './llama-2-70b.js';
import { LLAMA_3_1_70B } from './llama-3.1-70b.js';
import { LLAMA_3_1_405B } from './llama-3.1-405b.js';
import { LLAMA_3_1_8B } from './llama-3.1-8b.js';
import { LLAMA_3_3_70B } from './llama-3.3-70b.js';
import { MIXTRAL_8X7B } from './mixtral-8x7b.js';
import { QWEN3_32B } from './qwen3-32b.js';
import { QWEN3_8B } from './qwen3-8b.js';
import type { ModelArchitecture } from './types.js';

/** Every model architecture, keyed by its `id` (the name scenario files use). */
export const MODELS: Readonly<Record<string, ModelArchitecture>> = Object.freeze(
  Object.fromEntries(
    [
      QWEN3_32B,
      QWEN3_8B,
      LLAMA_3_1_8B,
      LLAMA_3_1_70B,
      LLAMA_3_3_70B,
      LLAMA_3_1_405B,
      LLAMA_2_70B,
      MIXTRAL_8X7B,
      DEEPSEEK_R1,
    ].map((m) => [m.id, m]),
  ),
);

/**
 * The model with this id. Scenario validation checks ids against MODELS first, so an
 * unknown id here is a bug and throws.
 */
export function getModel(id: string): ModelArchitecture {
  if (!Object.hasOwn(MODELS, id)) {
    throw new Error(`unknown model id '${id}'; known: ${Object.keys(MODELS).join(', ')}`);
  }
  return MODELS[id];
}
