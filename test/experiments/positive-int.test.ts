import { describe, expect, it } from 'vitest';
import { parsePositiveInt } from '../../src/experiments/positive-int.js';

describe('parsePositiveInt', () => {
  it('takes a whole number of at least 1 and names the label and the text otherwise', () => {
    expect(parsePositiveInt('16', '--max-replicas')).toBe(16);
    for (const bad of ['0', '-2', '1.5', 'x', '']) expect(() => parsePositiveInt(bad, 'max replicas')).toThrow(`max replicas must be a positive integer, got ${bad}`);
  });
});
