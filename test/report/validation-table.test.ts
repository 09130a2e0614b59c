import { describe, expect, it } from 'vitest';
import { summarizeValidation, type ValidationRow } from '../../src/experiments/validate.js';
import { formatErrorPct, formatFigure, formatStatsLine, renderValidationTable } from '../../src/report/validation-table.js';

const rows: ValidationRow[] = [
  { case: 'v01-offline', role: 'calibration', source: 'MLPerf v4.1', metric: 'throughput.outputTokensPerSec', published: 24524.9, predicted: 26977.39, errorPct: 10, outOfSamplePct: 12.5 },
  { case: 'v02-server', role: 'holdout', source: 'MLPerf v4.1', metric: 'ttft.mean', published: 0.276, predicted: 0.2208, errorPct: -20, outOfSamplePct: -20 },
  { case: 'v20-128-128', role: 'holdout', source: 'TRT-LLM', metric: 'throughput.outputTokensPerSec', published: 6378, predicted: 6632.12, errorPct: 3.98, outOfSamplePct: 3.98 },
];

describe('renderValidationTable', () => {
  it('prints one aligned line per figure with signed errors and the role', () => {
    const lines = renderValidationTable(summarizeValidation(rows)).split('\n');
    expect(lines[0]).toMatch(/^case\s+metric\s+published\s+predicted\s+error\s+role\s+out of sample$/);
    expect(lines[1]).toMatch(/^v01-offline\s+throughput\.outputTokensPerSec\s+24,524\.9\s+26,977\.4\s+\+10\.0 %\s+calibration\s+\+12\.5 % \(loo\)$/);
    expect(lines[2]).toMatch(/^v02-server\s+ttft\.mean\s+0\.276\s+0\.2208\s+-20\.0 %\s+holdout\s+=$/);
    expect(new Set(lines.slice(0, 4).map((l) => l.length)).size).toBe(1);
  });

  it('ends with the median and worst absolute error over all figures', () => {
    const out = renderValidationTable(summarizeValidation(rows));
    const lines = out.split('\n');
    expect(lines.at(-1)).toBe('median abs error 10.0 %, worst 20.0 % over 3 cases');
    expect(lines.at(-4)).toBe('calibration: 1 figure from 1 case, median abs error 10.0 %, worst +10.0 % (v01-offline throughput.outputTokensPerSec)');
    expect(lines.at(-3)).toBe('holdout: 2 figures from 2 cases, median abs error 12.0 %, worst -20.0 % (v02-server ttft.mean)');
    // holdout errors 20, 3.98 and the calibration figure's leave-one-out 12.5: median 12.5
    expect(lines.at(-2)).toBe('out of sample (holdout, and calibration figures left out one at a time): 3 figures from 3 cases, median abs error 12.5 %, worst -20.0 % (v02-server ttft.mean)');
  });

  it('says so when there is nothing to compare', () => {
    expect(renderValidationTable(summarizeValidation([])).split('\n').at(-1)).toBe('no figures compared');
    expect(formatStatsLine(summarizeValidation([]).stats.holdout)).toBe('no figures compared');
  });
});

describe('number formats', () => {
  it('separates thousands from 100 up and keeps 4 significant digits below', () => {
    expect([formatFigure(98858), formatFigure(24524.94), formatFigure(762), formatFigure(0.155), formatFigure(0.0222649)]).toEqual(['98,858', '24,524.9', '762', '0.155', '0.02226']);
  });

  it('signs errors, and rounds a tiny error to ±0.0', () => {
    expect([formatErrorPct(21.14), formatErrorPct(-3), formatErrorPct(0.01), formatErrorPct(-0.04)]).toEqual(['+21.1 %', '-3.0 %', '±0.0 %', '±0.0 %']);
  });
});
