import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { dayLoad } from '../../src/tui/day-load.js';
import { fixture } from '../e2e/helpers.js';

const shortDay = join(__dirname, '..', 'fixtures', 'tui', 'short-day.yaml');
const load = (file: string, sets: string[] = []) => {
  const l = loadScenarioFile(file, sets);
  if (!l.ok) throw new Error(l.problems.map((p) => p.message).join('\n'));
  return dayLoad(l.scenario, l.raw);
};

describe('dayLoad', () => {
  it('a diurnal day varies: its profile peaks at rate × (1 + amplitude), the day is stop.duration, the autoscaler section is passed on', () => {
    const d = load(shortDay);
    if (!d.varies) throw new Error(d.message);
    expect(d.profile!.peak).toBeCloseTo(10.8, 9);
    expect(d.profile!.rateAt(0)).toBeCloseTo(1.2, 9); // phase −π/2: the day starts at its trough
    expect(d.duration).toBe(600);
    expect(d.autoscaler).toMatchObject({ interval: 15, variants: { h100: { minReplicas: 1, maxReplicas: 2 } } });
    // the probes: steady Poisson (plan sets its rate), and no autoscaler resizing them
    expect(d.probeSets).toEqual(['workload.arrival={"process":"poisson","rate":1}', 'autoscaler.variants={}']);
  });

  it('stages vary without a stop.duration (the stages end the day); a scenario without an autoscaler gets {} and no override of it', () => {
    const d = load(fixture('sweep-ladder.yaml'), ['workload.arrival={process: stages, type: poisson, stages: [{rate: 2, duration: 30}, {rate: 9, duration: 30}]}', 'stop={requests: 1000}', 'sweep={}']);
    if (!d.varies) throw new Error(d.message);
    expect(d.profile!.peak).toBe(9);
    expect(d.profile!.rateAt(40)).toBe(9);
    expect(d.autoscaler).toEqual({});
    expect(d.probeSets).toEqual(['workload.arrival={"process":"poisson","rate":1}']);
  });

  it('a trace varies and has no profile (its peak is the plan\'s target rate); its probes keep the trace', () => {
    const d = load(join(__dirname, '..', 'fixtures', 'traces', 'azure_llm_2023_conv.yaml'));
    if (!d.varies) throw new Error(d.message);
    expect(d.profile).toBeUndefined();
    expect(d.probeSets).toEqual([]);
  });

  it('a constant rate does not vary: the message names the process and its rate', () => {
    expect(load(fixture('sweep-ladder.yaml'))).toEqual({ varies: false, message: 'over time: the load is constant (poisson at 4 req/s); needs diurnal or stages arrivals, or a trace' });
  });

  it('a diurnal load without stop.duration has no day length: a message says to set it', () => {
    expect(load(shortDay, ['stop={requests: 1000}'])).toEqual({ varies: false, message: 'over time: short-day: stop.duration: set how long the day is' });
  });
});
