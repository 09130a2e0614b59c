import { describe, expect, it } from 'vitest';
import { cli, fixture, runFixture } from './helpers.js';

describe('a model from its Hugging Face config.json', () => {
  it('runs end to end: Mistral-7B (not in the catalogue) on one H100', async () => {
    const s = await runFixture('hf-model.yaml');
    expect(s.requests.completed).toBe(50);
    // 7.2 B parameters in bf16 on one H100: batch-1-ish decode a little above Llama-3.1-8B's ~6 ms
    expect(s.itl.p50).toBeGreaterThan(0.004);
    expect(s.itl.p50).toBeLessThan(0.012);
  });

  it('a malformed config.json gives one named error per problem, in that file, exit 2', async () => {
    const r = await cli('run', fixture('hf-broken.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken-config\.json:2:\d+: .*hidden_size/);
    expect(r.stderr).toMatch(/broken-config\.json.*num_hidden_layers/);
    expect(r.stderr).toMatch(/broken-config\.json:4:\d+: .*num_key_value_heads/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('a missing config file is reported at the scenario line that names it', async () => {
    const r = await cli('run', fixture('hf-model.yaml'), '--set', 'model.hfConfig=hf/nope.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.hfConfig: cannot read .*nope\.json/);
  });
});
