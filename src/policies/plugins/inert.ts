/**
 * Plugins that llm-d configs list but fleetsim's gateway does itself: the metrics scrape
 * (`metrics-data-source`, `core-metrics-extractor`), pod discovery
 * (`endpoint-notification-source`) and tokenization (`token-producer`: requests arrive as token
 * ids). They parse their parameters strictly, so configs load verbatim, and do nothing.
 */
import type { z } from 'zod';
import { definePlugin, type PluginDefinition } from '../plugin.js';

export function inertPlugin(type: string, params: z.ZodType): PluginDefinition<unknown> {
  return definePlugin({ type, points: [], params, create: (name) => ({ type, name }) });
}
