/**
 * `token-producer`: requests reach fleetsim already tokenized (`LLMRequest.promptTokens`), so it
 * is inert (inert.ts); its parameters are still checked.
 */
import { z } from 'zod';
import { inertPlugin } from './inert.js';

export const TOKEN_PRODUCER_TYPE = 'token-producer';
export const tokenProducer = inertPlugin(
  TOKEN_PRODUCER_TYPE,
  z.strictObject({
    modelName: z.string().optional(),
    vllm: z
      .strictObject({ url: z.string().default('http://localhost:8000'), timeout: z.string().optional(), mmTimeout: z.string().optional() })
      .optional(),
    /** Deprecated upstream. */
    udsTokenizerConfig: z.record(z.string(), z.unknown()).optional(),
  }),
);
