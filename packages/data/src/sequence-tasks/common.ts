import { Random, randomSeed, type Seed } from '../random/random.js';

/** Options every generated sequence task takes. */
export interface TaskOptions {
  /** Number of examples to generate. */
  count: number;
  /** Seed of the generator; the same seed gives the same examples in every JS engine. */
  seed?: Seed;
}

export function taskRandom(where: string, options: TaskOptions): Random {
  const { count, seed = randomSeed() } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`${where}: count must be a non-negative integer, received count=${count}`);
  return new Random(seed);
}

export function checkPositive(where: string, name: string, value: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${where}: ${name} must be an integer in [1, ${max}], received ${name}=${value}`);
  }
}
