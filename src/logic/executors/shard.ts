import type { ArrivalShard, ExecutorConfig, Stage } from '../../contracts/executor-config.ts';

/**
 * Shard `shard`'s part (1-based, of `count`) of a whole number: the shards' parts differ by at most one and sum
 * to the whole, the remainder going to the first shards.
 */
export function splitEvenly(total: number, shard: number, count: number): number {
  const base = Math.floor(total / count);
  return base + (shard <= total - base * count ? 1 : 0);
}

function splitStages(stages: readonly Stage[], shard: number, count: number): Stage[] {
  return stages.map((s) => ({ durationMs: s.durationMs, target: splitEvenly(s.target, shard, count) }));
}

function scaleStages(stages: readonly Stage[], count: number): Stage[] {
  return stages.map((s) => ({ durationMs: s.durationMs, target: s.target / count }));
}

/**
 * The part of a scenario that shard `shard` of `count` (`--shard shard/count`) runs, so that the shards together
 * run the whole: VUs and iterations are split so the shards sum exactly to the whole (shard 1 gets the
 * remainder first); shared-iterations splits its iterations among the shards that got a VU; arrival rates are
 * scaled by 1/count and each shard takes every count-th arrival of the whole schedule (see arrival-schedule.ts);
 * preAllocatedVUs and maxVUs are split, at least 1 each. Timing fields are unchanged. A shard can get 0 VUs
 * of a small VU-based scenario: it then has nothing to run there.
 */
export function shardExecutor<C extends ExecutorConfig>(config: C, shard: number, count: number): C;
export function shardExecutor(config: ExecutorConfig, shard: number, count: number): ExecutorConfig {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(shard) || shard < 1 || shard > count) {
    throw new RangeError(`shard ${shard}/${count}: the shard must be a whole number from 1 to the count`);
  }
  if (count === 1) return config;
  switch (config.executor) {
    case 'shared-iterations': {
      const vus = splitEvenly(config.vus, shard, count);
      const shardsWithVus = Math.min(config.vus, count);
      const iterations = vus === 0 ? 0 : splitEvenly(config.iterations, shard, shardsWithVus);
      return { ...config, vus, iterations };
    }
    case 'per-vu-iterations':
    case 'constant-vus':
      return { ...config, vus: splitEvenly(config.vus, shard, count) };
    case 'ramping-vus':
      return { ...config, startVUs: splitEvenly(config.startVUs, shard, count), stages: splitStages(config.stages, shard, count) };
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      if (config.shard) throw new RangeError('this scenario is already a shard; shard the whole scenario instead');
      const vus = {
        preAllocatedVUs: Math.max(1, splitEvenly(config.preAllocatedVUs, shard, count)),
        ...(config.maxVUs === undefined ? {} : { maxVUs: Math.max(1, splitEvenly(config.maxVUs, shard, count)) }),
      };
      const position: ArrivalShard = { index: shard, count };
      if (config.executor === 'constant-arrival-rate') return { ...config, ...vus, rate: config.rate / count, shard: position };
      return { ...config, ...vus, startRate: config.startRate / count, stages: scaleStages(config.stages, count), shard: position };
    }
  }
}
