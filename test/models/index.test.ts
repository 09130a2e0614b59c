import { describe, expect, it } from 'vitest';
import * as models from '../../src/models/index.js';

describe('src/models public API', () => {
  it('re-exports the catalogues, the config.json reader, the memory plan and the step-time model', () => {
    const names = ['ACCELERATORS', 'getAccelerator', 'MODELS', 'getModel', 'countParams', 'weightBytes'];
    names.push('planMemory', 'kvBytesPerTokenPerRank', 'createStepTimeModel', 'paddedTokens', 'allReduceCost');
    names.push('LINKS', 'getLink', 'transferSeconds', 'parseHfConfig', 'activeParamCount', 'weightBytesPerRank');
    names.push('expectedExpertsTouched', 'createRates');
    for (const name of names) {
      expect(models).toHaveProperty(name);
    }
  });
});
