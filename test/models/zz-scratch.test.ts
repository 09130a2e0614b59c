import { it } from 'vitest';
import { getModel } from '../../src/models/llm/catalog.js';
import { countParams } from '../../src/models/llm/params.js';
import { planMemory, kvBytesPerTokenPerRank } from '../../src/models/perf/memory.js';
import { createStepTimeModel } from '../../src/models/perf/step-time.js';
import { deployment, engine, decodeBatch, prefillBatch } from './builders.js';
it('scratch', () => {
  for (const id of ['deepseek-r1', 'mixtral-8x7b', 'llama-3.1-405b', 'qwen3-8b', 'llama-3.3-70b']) {
    const p = countParams(getModel(id));
    console.log(id, p.total, p.active, p.linearTotal, p.replicatedLinear, p.replicatedRouter);
  }
  console.log(planMemory(deployment({ model: 'llama-3.1-70b', tensorParallel: 2, precision: 'fp8' }), engine({ gpuMemoryUtilization: 0.9 })));
  console.log(kvBytesPerTokenPerRank(deployment({ model: 'deepseek-r1', tensorParallel: 8 })));
  const ds = deployment({ accelerator: 'h200-sxm', model: 'deepseek-r1', tensorParallel: 8, precision: 'fp8' });
  console.log(planMemory(ds, engine({ blockSize: 64 })));
  const m = createStepTimeModel(ds);
  console.log('ds decode 64x2000', m.breakdown(decodeBatch(64, 2000)));
  console.log('ds prefill 8192', m.breakdown(prefillBatch(8192)));
  const mx = createStepTimeModel(deployment({ model: 'mixtral-8x7b', tensorParallel: 2 }));
  console.log('mixtral decode 1', mx.breakdown(decodeBatch(1, 1000)).stepSeconds, mx.breakdown(decodeBatch(64, 1000)).stepSeconds);
  const b2 = createStepTimeModel(deployment({ accelerator: 'b200-sxm', model: 'llama-2-70b', precision: 'fp4' }));
  console.log('b200 70b fp4 decode 256', b2.breakdown(decodeBatch(256, 600)).stepSeconds);
});
