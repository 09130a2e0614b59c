import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadEndpointPickerConfig, loadEndpointPickerConfigFile } from '../../src/policies/config/load.js';
import { formatConfigProblem } from '../../src/policies/config/problems.js';
import { createScheduler, orderProducers } from '../../src/policies/cycle.js';
import { createPluginHandle } from '../../src/policies/handle.js';
import { definePlugin } from '../../src/policies/plugin.js';
import { createDefaultRegistry, type PluginRegistry } from '../../src/policies/registry.js';
import {
  primaryTarget,
  type DataProducer,
  type Endpoint,
  type Filter,
  type ProfileHandler,
  type Scorer,
  type SchedulingResult,
} from '../../src/policies/types.js';
import { endpoint, request, tokens } from './helpers.js';

/** A scorer returning fixed values by endpoint name (absent name = unscored). */
const fixedScorer = definePlugin({
  type: 'fixed-scorer',
  points: ['scorer'],
  params: z.strictObject({ values: z.record(z.string(), z.number()) }),
  create: (name, p: { values: Record<string, number> }): Scorer => ({
    type: 'fixed-scorer',
    name,
    category: 'balance',
    score: (_s, _r, es, out) => es.forEach((e, i) => (out[i] = p.values[e.name] ?? NaN)),
  }),
});
const dropAll = definePlugin({
  type: 'drop-all-filter',
  points: ['filter'],
  params: z.strictObject({}),
  create: (name): Filter => ({ type: 'drop-all-filter', name, filter: () => [] }),
});
/** Runs profiles one per round in config order; the primary is the last that succeeded. */
const everyProfileHandler = definePlugin({
  type: 'every-profile-handler',
  points: ['profile-handler'],
  params: z.strictObject({}),
  create: (name): ProfileHandler => ({
    type: 'every-profile-handler',
    name,
    pickProfiles: (_s, _r, profiles, results) => [...profiles.keys()].filter((n) => !results.has(n)).slice(0, 1),
    processResults: (_s, _r, results) => {
      const ok = [...results].filter(([, r]) => r !== null).map(([n]) => n);
      return ok.length === 0 ? { error: 'none' } : { profileResults: results, primaryProfileName: ok[ok.length - 1] };
    },
  }),
});

function registry(): PluginRegistry {
  return createDefaultRegistry().register(fixedScorer).register(dropAll).register(everyProfileHandler);
}
const HEAD = 'apiVersion: llm-d.ai/v1alpha1\nkind: EndpointPickerConfig\n';

function scheduler(yaml: string, seed: string | number = 1, reg = registry()) {
  const r = loadEndpointPickerConfig(yaml, 't.yaml', reg);
  if (!r.ok) throw new Error(r.problems.map(formatConfigProblem).join('\n'));
  return createScheduler(r.config, reg, createPluginHandle(seed));
}
function ok(r: SchedulingResult | { error: string }): SchedulingResult {
  if ('error' in r) throw new Error(r.error);
  return r;
}
const pods = () => [endpoint('a'), endpoint('b'), endpoint('c')];
const candidateScores = (r: SchedulingResult) =>
  Object.fromEntries(r.profileResults.get(r.primaryProfileName)!.scoredCandidates.map((c) => [c.endpoint.name, c.score]));

const twoScorers = (w1: string, w2: string, v1: string, v2: string) =>
  `${HEAD}plugins:\n- type: fixed-scorer\n  name: s1\n  parameters: {values: ${v1}}\n- type: fixed-scorer\n  name: s2\n  parameters: {values: ${v2}}\n` +
  `schedulingProfiles:\n- name: default\n  plugins:\n  - pluginRef: s1\n${w1}  - pluginRef: s2\n${w2}`;

describe('scheduling cycle', () => {
  it('sums clamped scores times weights, not normalised', () => {
    const s = scheduler(twoScorers('    weight: 2\n', '    weight: 3\n', '{a: 0.5, b: 1, c: 0}', '{a: 1, b: 0, c: 0.5}'));
    const r = ok(s.schedule(request(), pods()));
    expect(candidateScores(r)).toEqual({ a: 4, b: 2, c: 1.5 });
    expect(primaryTarget(r)?.name).toBe('a');
  });
  it('an absent weight is 1', () => {
    const s = scheduler(twoScorers('', '', '{a: 0.5, b: 1, c: 0}', '{a: 1, b: 0, c: 0.5}'));
    expect(candidateScores(ok(s.schedule(request(), pods())))).toEqual({ a: 1.5, b: 1, c: 0.5 });
  });
  it('clamps scores to [0,1] and adds nothing for unscored endpoints', () => {
    const s = scheduler(twoScorers('    weight: 2\n', '', '{a: 1.7, b: -0.3}', '{b: 0.25}'));
    expect(candidateScores(ok(s.schedule(request(), pods())))).toEqual({ a: 2, b: 0.25, c: 0 });
  });
  it('an empty filter result fails the profile with an error', () => {
    const s = scheduler(`${HEAD}plugins:\n- type: drop-all-filter\n- type: queue-scorer\n`);
    expect(s.schedule(request(), pods())).toEqual({ error: 'profile "default": no endpoints available for the given request' });
  });
  it('no endpoints at all is an error', () => {
    const s = scheduler(`${HEAD}plugins:\n- type: queue-scorer\n`);
    expect(s.schedule(request(), [])).toEqual({ error: 'no endpoints available for the given request' });
  });
  it('filters narrow the candidates before scoring', () => {
    const s = scheduler(`${HEAD}plugins:\n- type: decode-filter\n- type: queue-scorer\n`);
    const es = [endpoint('p', { role: 'prefill', waitingQueueSize: 0 }), endpoint('d1', { waitingQueueSize: 5 }), endpoint('d2', { waitingQueueSize: 9 })];
    const r = ok(s.schedule(request(), es));
    expect(candidateScores(r)).toEqual({ d1: 1, d2: 0 });
  });
  it('tie-breaks deterministically from the seed', () => {
    const run = (seed: number) => {
      const s = scheduler(`${HEAD}plugins:\n- type: queue-scorer\n`, seed);
      const es = pods();
      return Array.from({ length: 30 }, () => primaryTarget(ok(s.schedule(request(), es)))!.name).join('');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(new Set(run(7))).toEqual(new Set('abc'));
  });
  it('runs the Pick loop until the handler names no profile, storing null for a failed profile', () => {
    const s = scheduler(
      `${HEAD}plugins:\n- type: every-profile-handler\n- type: drop-all-filter\n- type: queue-scorer\n` +
        `schedulingProfiles:\n- name: first\n  plugins:\n  - pluginRef: queue-scorer\n- name: broken\n  plugins:\n  - pluginRef: drop-all-filter\n`,
    );
    const r = ok(s.schedule(request(), pods()));
    expect([...r.profileResults.keys()]).toEqual(['first', 'broken']);
    expect(r.profileResults.get('broken')).toBeNull();
    expect(r.primaryProfileName).toBe('first');
  });
});

describe('request control around the cycle', () => {
  it('orders producers so a key is produced before it is consumed', () => {
    const p = (name: string, produces: string[], consumes: string[]): DataProducer => ({
      type: name,
      name,
      produces,
      consumes,
      produce: () => {},
    });
    const order = orderProducers([p('c', ['C'], ['B']), p('b', ['B'], ['A']), p('a', ['A'], []), p('x', ['X'], [])]);
    expect(order.map((q) => q.name)).toEqual(['a', 'x', 'b', 'c']);
    expect(() => orderProducers([p('a', ['A'], ['B']), p('b', ['B'], ['A'])])).toThrow(/cycle/);
  });
  it('default.yaml: the approx index sends a repeated prompt back to the pod that served it', () => {
    const reg = createDefaultRegistry();
    const r = loadEndpointPickerConfigFile('configs/default.yaml', reg);
    if (!r.ok) throw new Error();
    const s = createScheduler(r.config, reg, createPluginHandle(3));
    const es = [endpoint('a'), endpoint('b'), endpoint('c')];
    const first = primaryTarget(ok(s.schedule(request(tokens(640)), es)))!.name;
    for (let i = 0; i < 5; i++) expect(primaryTarget(ok(s.schedule(request(tokens(700)), es)))!.name).toBe(first);
    const scores = candidateScores(ok(s.schedule(request(tokens(640)), es)));
    expect(scores[first]).toBe(2); // full match ratio 1 × weight 2
  });
  it('optimized-baseline: cold prompts spread by in-flight tokens, released at completion', () => {
    const reg = createDefaultRegistry();
    const r = loadEndpointPickerConfigFile('configs/optimized-baseline.yaml', reg);
    if (!r.ok) throw new Error();
    const s = createScheduler(r.config, reg, createPluginHandle(3));
    const es: Endpoint[] = [endpoint('a'), endpoint('b')];
    const r1 = request(tokens(1000, 0));
    const r2 = request(tokens(1000, 100000));
    const t1 = primaryTarget(ok(s.schedule(r1, es)))!.name;
    const t2 = primaryTarget(ok(s.schedule(r2, es)))!.name;
    expect(t2).not.toBe(t1); // the first pod carries 1000 in-flight tokens
    s.onResponseComplete(r1, t1);
    s.onResponseComplete(r2, t2);
    const again = ok(s.schedule(request(tokens(1000, 0)), es));
    // the affinity filter keeps only the pod holding the prefix
    expect(primaryTarget(again)!.name).toBe(t1);
    expect(again.profileResults.get('default')!.scoredCandidates.map((c) => c.endpoint.name)).toEqual([t1]);
  });
});
