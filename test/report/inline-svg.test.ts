import { describe, expect, it } from 'vitest';
import { scopeSvgIds } from '../../src/report/inline-svg.js';

describe('scopeSvgIds', () => {
  it('prefixes every id and the references to it, leaving other text alone', () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/><use xlink:href="#clip1"/><text>url(#other)</text></g></svg>';
    expect(scopeSvgIds(svg, 'ttft-')).toBe(
      '<svg><defs><clipPath id="ttft-clip1"><rect/></clipPath></defs><g clip-path="url(#ttft-clip1)"><use href="#ttft-clip1"/><use xlink:href="#ttft-clip1"/><text>url(#other)</text></g></svg>',
    );
  });

  it('returns an SVG without ids unchanged', () => {
    expect(scopeSvgIds('<svg><g class="x"/></svg>', 'p-')).toBe('<svg><g class="x"/></svg>');
  });
});
