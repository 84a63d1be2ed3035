/**
 * A tiny seeded PRNG (mulberry32) for demo data and benchmarks.
 *
 * Why not Math.random(): the demo compound must be byte-identical for the same seed so the
 * committed CSVs, the emulator seed and the benchmarks agree. mulberry32 is 32-bit state, fast,
 * and good enough for synthetic rosters (it is not for secrets: links use crypto, not this).
 *
 * @example
 * const rng = createRandom(hashSeed("roster", 20220419));
 * rng.int(24, 72); // same number on every machine
 */

/** Deterministic random source; every method advances the same stream. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element; throws on an empty list (a bug in the caller, not an expected failure). */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct elements in random order. */
  sample<T>(items: readonly T[], k: number): T[];
}

/** A mulberry32 stream seeded with a 32-bit integer (other numbers are truncated to 32 bits). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError("pick() from an empty list");
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      if (!(total > 0)) throw new RangeError("weighted() needs a positive total weight");
      let r = next() * total;
      for (const [item, w] of entries) {
        r -= w;
        if (r < 0) return item;
      }
      // Floating-point rounding can leave r at ~0 after the last entry.
      return (entries[entries.length - 1] as (typeof entries)[number])[0];
    },
    shuffle,
    sample: (items, k) => {
      if (k > items.length) throw new RangeError(`sample() of ${k} from ${items.length} items`);
      return shuffle(items).slice(0, k);
    },
  };
}

/**
 * A 32-bit seed derived from several parts (FNV-1a, then a murmur3 finalizer so close inputs
 * such as consecutive dates give unrelated streams). Lets one user-facing seed feed independent
 * streams: the roster stays the same from day to day while each day's sign-ups differ.
 */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.map(String).join("\u0000");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
