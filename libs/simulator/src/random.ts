import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** Seeded randomness: the same seed gives the same simulation, byte for byte. */
export class Random {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.generator);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.int(0, 999_999) < p * 1_000_000;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)]!;
  }

  hex(n: number): string {
    return Array.from({ length: n }, () => this.int(0, 15).toString(16)).join('');
  }

  digits(n: number): string {
    return Array.from({ length: n }, () => String(this.int(0, 9))).join('');
  }

  /** A version-4 UUID drawn from the seed, for event ids that repeat with it. */
  uuid(): string {
    const hex = [...this.hex(32)];
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}
