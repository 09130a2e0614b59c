import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { writeReport, type Report } from '../../src/report/report-page.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A small bar chart; `clip` makes vega write a clip-path id, as charts with a clipped mark do. */
const bars = (title: string, clip = false): TopLevelSpec => ({
  title,
  data: { values: [{ k: 'a', v: 1 }, { k: 'b', v: 3 }] },
  mark: { type: 'bar', clip },
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative', scale: { domain: [0, 2] } } },
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetsim-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const report = (over: Partial<Report> = {}): Report => ({
  title: 'Sweep <qwen3>',
  intro: 'First paragraph.\n\nSecond & last.',
  sections: [
    { heading: 'Curves', text: 'TTFT rises with rate.', charts: [{ name: 'ttft', spec: bars('TTFT chart', true) }, { name: 'tpot', spec: bars('TPOT chart', true) }] },
    { heading: 'Numbers', table: { header: ['rate', 'TTFT p95'], rows: [['1', '0.12'], ['2', '<0.3>']] } },
  ],
  files: [{ name: 'points.csv', content: 'rate,ttft\r\n1,0.12\r\n' }],
  ...over,
});

describe('writeReport', () => {
  it('writes each chart as SVG and PNG, the extra files and index.html, and returns their paths', async () => {
    const paths = await writeReport(join(dir, 'out'), report());
    const names = ['ttft.svg', 'ttft.png', 'tpot.svg', 'tpot.png', 'points.csv', 'index.html'];
    expect(paths).toEqual(names.map((n) => join(dir, 'out', n)));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual([...names].sort());
    expect((await readFile(join(dir, 'out', 'ttft.png'))).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(await readFile(join(dir, 'out', 'ttft.svg'), 'utf8')).toMatch(/^<svg[\s\S]*TTFT chart[\s\S]*<\/svg>$/);
    expect(await readFile(join(dir, 'out', 'points.csv'), 'utf8')).toBe('rate,ttft\r\n1,0.12\r\n');
  });

  it('makes a self-contained page: inline SVGs with their own clip ids, escaped text and tables, no scripts or fetched resources', async () => {
    await writeReport(dir, report());
    const page = await readFile(join(dir, 'index.html'), 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(2);
    expect(page).toContain('TTFT chart');
    expect(page).toContain('TPOT chart');
    for (const name of ['ttft', 'tpot']) {
      // vega numbers clip ids per process, so the figure's own prefix is what keeps them apart
      const fig = new RegExp(`<figure class="figure" id="chart-${name}">([\\s\\S]*?)</figure>`).exec(page)?.[1] ?? '';
      const ids = [...fig.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      const refs = [...fig.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith(`${name}-clip`))).toBe(true);
      expect(refs.every((r) => ids.includes(r))).toBe(true);
    }
    expect(page).toContain('<h1>Sweep &lt;qwen3&gt;</h1>');
    expect(page).toContain('<p>First paragraph.</p>\n<p>Second &amp; last.</p>');
    expect(page).toContain('<td class="right">&lt;0.3&gt;</td>');
    expect(page).toContain('<a href="points.csv">points.csv</a>');
    expect(page).toContain('<a href="ttft.png">ttft.png</a>');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|src=|@import|https?:\/\/(?!www\.w3\.org)/);
  });

  it('keeps a chart title that looks like markup as text, in the page and the SVG', async () => {
    await writeReport(dir, report({ sections: [{ heading: 'x', charts: [{ name: 'evil', spec: bars('<script>alert(1)</script>') }] }], files: [] }));
    const page = await readFile(join(dir, 'index.html'), 'utf8');
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('rejects unsafe or clashing names before writing anything', async () => {
    const bad = report({
      sections: [{ heading: 'x', charts: [{ name: '../escape', spec: bars('a') }, { name: 'a', spec: bars('a') }] }],
      files: [{ name: 'A.SVG', content: '' }, { name: 'index.html', content: '' }],
    });
    await expect(writeReport(join(dir, 'bad'), bad)).rejects.toThrow(
      'writeReport: chart name "../escape" is not a safe file name (letters, digits, . _ -); file A.SVG would overwrite chart a (A.SVG); file index.html would overwrite the report page (index.html)',
    );
    await expect(readdir(join(dir, 'bad'))).rejects.toThrow('ENOENT');
    const twice = report({ sections: [{ heading: 'x', charts: [{ name: 'a', spec: bars('a') }, { name: 'a', spec: bars('b') }] }], files: [] });
    await expect(writeReport(join(dir, 'bad'), twice)).rejects.toThrow(/^writeReport: chart a would overwrite chart a \(a\.svg\)$/);
  });

  it('writes a page with no charts and no files', async () => {
    const paths = await writeReport(dir, { title: 'empty', sections: [{ heading: 'nothing yet' }] });
    expect(paths).toEqual([join(dir, 'index.html')]);
    expect(await readFile(paths[0], 'utf8')).toContain('<h2>nothing yet</h2>');
  });
});
