import { describe, expect, it } from 'vitest';
import { summarizeValidation } from '../../src/experiments/validate.js';
import { escapeHtml, htmlPage, htmlTable } from '../../src/report/html.js';
import { renderValidationHtml } from '../../src/report/validation-html.js';

describe('html helpers', () => {
  it('escapes text for content and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('builds a table of escaped cells, numbers right-aligned by default', () => {
    const t = htmlTable(['case', 'value'], [['a<b', '1,234']], { rowTitles: ['src "x"'] });
    expect(t).toContain('<th class="left">case</th><th class="right">value</th>');
    expect(t).toContain('<tr title="src &quot;x&quot;"><td class="left">a&lt;b</td><td class="right">1,234</td></tr>');
  });

  it('makes a self-contained page: inline style, no scripts or external resources', () => {
    const page = htmlPage({ title: 'T & t', body: '<p>hi</p>' });
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<title>T &amp; t</title>');
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|src="http/);
  });
});

describe('renderValidationHtml', () => {
  it('puts the summary line, the inline chart, the table and the sources on one page', () => {
    const result = summarizeValidation([
      { case: 'v01', role: 'calibration', source: 'MLPerf <v4.1>', metric: 'throughput.outputTokensPerSec', published: 100, predicted: 110, errorPct: 10, outOfSamplePct: null },
    ]);
    const page = renderValidationHtml(result, '<svg id="chart"></svg>');
    expect(page).toContain('median abs error 10.0 %, worst 10.0 % over 1 cases');
    expect(page).toContain('<svg id="chart"></svg>');
    expect(page).toContain('<td class="right">+10.0 %</td>');
    expect(page).toContain('MLPerf &lt;v4.1&gt;');
  });
});
