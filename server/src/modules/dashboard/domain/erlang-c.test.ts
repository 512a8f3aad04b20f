import { describe, expect, it } from 'vitest';
import { agentsNeededFor, averageSpeedOfAnswerOf, probabilityOfWaiting, serviceLevelOf, trafficIntensityOf } from './erlang-c.js';

describe('Erlang C against published worked examples', () => {
  // Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example": 100 calls in
  // 30 minutes, AHT 180 s, target 80 % answered within 20 s. 10 Erlangs; with 11 agents a call waits
  // with probability 68.2 %; 13 agents answer 79.6 % within 20 s and 14 agents 88.8 %, so 14 are needed.
  const helper = { calls: 100, periodSeconds: 1800, ahtSeconds: 180 };

  it('finds 10 Erlangs, a 68.2 % chance of waiting with 11 agents and 14 agents for 80/20', () => {
    expect(trafficIntensityOf(helper)).toBe(10);
    expect(probabilityOfWaiting(11, 10) * 100).toBeCloseTo(68.2, 1);
    expect(serviceLevelOf(13, helper, 20) * 100).toBeCloseTo(79.6, 1);
    expect(serviceLevelOf(14, helper, 20) * 100).toBeCloseTo(88.8, 1);
    expect(agentsNeededFor(helper, 20, 80)).toBe(14);
  });

  // Westbay Engineers, "The Erlang-C formula" (step-by-step example): 360 calls per half hour, 4
  // minutes per call, 55 agents, 15 s target: 48 Erlangs, probability of waiting 23.9 %, ASA 8.2 s,
  // 84.6 % of calls answered within 15 s.
  const westbay = { calls: 360, periodSeconds: 1800, ahtSeconds: 240 };

  it('finds 48 Erlangs, 23.9 % waiting, an ASA of 8.2 s and 84.6 % within 15 s with 55 agents', () => {
    expect(trafficIntensityOf(westbay)).toBe(48);
    expect(probabilityOfWaiting(55, 48) * 100).toBeCloseTo(23.9, 1);
    expect(averageSpeedOfAnswerOf(55, westbay)).toBeCloseTo(8.2, 1);
    expect(serviceLevelOf(55, westbay, 15) * 100).toBeCloseTo(84.6, 1);
    expect(agentsNeededFor(westbay, 15, 84.5)).toBe(55);
    expect(agentsNeededFor(westbay, 15, 85)).toBe(56);
  });

  it('needs no agent when no call is expected, and always more agents than Erlangs', () => {
    expect(agentsNeededFor({ calls: 0, periodSeconds: 3600, ahtSeconds: 300 }, 20, 80)).toBe(0);
    expect(probabilityOfWaiting(5, 5)).toBe(1);
    expect(serviceLevelOf(5, { calls: 60, periodSeconds: 3600, ahtSeconds: 300 }, 20)).toBe(0);
    expect(averageSpeedOfAnswerOf(4, { calls: 60, periodSeconds: 3600, ahtSeconds: 300 })).toBe(Infinity);
    // One call an hour of 5 minutes: a single agent answers it within 20 s 92 % of the time.
    expect(agentsNeededFor({ calls: 1, periodSeconds: 3600, ahtSeconds: 300 }, 20, 80)).toBe(1);
  });

  it('stays finite for a large center where A^N / N! would overflow', () => {
    const large = { calls: 6000, periodSeconds: 3600, ahtSeconds: 300 };
    const agents = agentsNeededFor(large, 20, 80);
    expect(agents).toBeGreaterThan(500);
    expect(agents).toBeLessThan(560);
    expect(Number.isFinite(probabilityOfWaiting(agents, trafficIntensityOf(large)))).toBe(true);
  });
});
