/**
 * Seeded tie-breaking. When two volunteers are equally good for a post, the plan must still pick
 * the same one every time (byte-identical plans) without always favouring low IDs, which would
 * give the same people the same hard posts day after day. A hash of (seed, id) does both.
 */

/** FNV-1a over the text, then a murmur3 finalizer so close IDs ("V011", "V012") spread apart. */
export function seededHash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h, 0x01000193);
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

/** Plain code-unit order, identical on every runtime (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lexicographic order of two numeric keys of equal length. */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Sorts items by a numeric key computed once per item, then by `id`; a total order, so the result
 * never depends on the input order.
 */
export function sortByKeys<T>(items: readonly T[], key: (item: T) => number[], id: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, k: key(item), id: id(item) }));
  keyed.sort((a, b) => compareKeys(a.k, b.k) || compareText(a.id, b.id));
  return keyed.map((x) => x.item);
}
