import { getAccelerator } from '../../src/models/hardware/catalog.js';
import { getModel } from '../../src/models/llm/catalog.js';
import { createStepTimeModel } from '../../src/models/perf/step-time.js';

/** The sim tests' engine: Llama-3.1-8B BF16 on one H100 (small, fast steps). */
export const llama8bH100 = createStepTimeModel({
  accelerator: getAccelerator('h100-sxm'),
  model: getModel('llama-3.1-8b'),
  tensorParallel: 1,
  precision: 'bf16',
  kvCacheDtype: 'auto',
});
