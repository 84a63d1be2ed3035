/**
 * Cutting a stretch of a zone's walking order into k contiguous routes, exactly.
 *
 * Two dynamic programs over prefixes of the stretch:
 * - `minMaxLoad` gives the least possible heaviest route with k routes (the route-partition
 *   optimum): best(j, i) = min over p of max(best(j − 1, p), load(p..i)). best(j − 1, ·) never
 *   falls as p grows and load(p..i) never rises, so the crossing point is found by binary search:
 *   O(k · n · log n).
 * - `cutStretch` picks, among the cuts whose every route stays under a limit (that optimum, or
 *   the compound's heaviest route when the stretch may be looser), the one that keeps most of
 *   yesterday's routes, then the most balanced (least sum of squared loads); ties go to the
 *   earlier cut, so the answer is deterministic. O(k · n · L) for routes of at most L buildings.
 *
 * Routes stay contiguous by construction: a route is always one interval of the walking order.
 *
 * @example
 * minMaxLoad([40, 90, 50], 2); // 130: {40, 90} {50} — {40, 50} {90} would not be contiguous
 * cutStretch([40, 90, 50], 2, 130); // [2, 1]
 */

const EPS = 1e-9;

function prefixSums(loads: readonly number[]): Float64Array {
  const s = new Float64Array(loads.length + 1);
  for (let i = 0; i < loads.length; i++) s[i + 1] = s[i]! + loads[i]!;
  return s;
}

/** The least possible heaviest route when `loads` (in walking order) are cut into `k` contiguous routes. */
export function minMaxLoad(loads: readonly number[], k: number): number {
  const n = loads.length;
  if (n === 0) return 0;
  if (k >= n) return Math.max(...loads);
  const s = prefixSums(loads);
  let prev = Float64Array.from(s); // one route: the whole prefix
  for (let j = 2; j <= k; j++) {
    const cur = new Float64Array(n + 1).fill(Infinity);
    for (let i = j; i <= n; i++) {
      // Smallest p in [j − 1, i − 1] with prev[p] >= load(p..i); the optimum is at p or p − 1.
      let lo = j - 1;
      let hi = i - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (prev[mid]! >= s[i]! - s[mid]!) hi = mid;
        else lo = mid + 1;
      }
      let best = Math.max(prev[lo]!, s[i]! - s[lo]!);
      if (lo > j - 1) best = Math.min(best, Math.max(prev[lo - 1]!, s[i]! - s[lo - 1]!));
      cur[i] = best;
    }
    prev = cur;
  }
  return prev[n]!;
}

/** Continuity value of the route covering positions [from, to) of the stretch; higher is better. */
export type SegmentScore = (from: number, to: number) => number;

/**
 * Lengths of `k` contiguous routes (k ≤ loads.length) whose loads all stay within `limit`,
 * maximizing the summed `score`, then minimizing the sum of squared loads. Returns null when no
 * cut fits the limit (the caller passes at least `minMaxLoad`, so that does not happen).
 */
export function cutStretch(
  loads: readonly number[],
  k: number,
  limit: number,
  score: SegmentScore = () => 0,
): number[] | null {
  const n = loads.length;
  if (k <= 0 || k > n) return null;
  const s = prefixSums(loads);
  const bound = limit + EPS * Math.max(1, limit);
  const width = n + 1;
  const bestScore = new Float64Array((k + 1) * width).fill(-Infinity);
  const bestSquares = new Float64Array((k + 1) * width).fill(Infinity);
  const parent = new Int32Array((k + 1) * width).fill(-1);
  bestScore[0] = 0;
  bestSquares[0] = 0;
  for (let j = 1; j <= k; j++) {
    // The j-th route ends at i and starts at p; leave room for the k − j routes after it.
    for (let i = j; i <= n - (k - j); i++) {
      const at = j * width + i;
      for (let p = i - 1; p >= j - 1; p--) {
        const load = s[i]! - s[p]!;
        if (load > bound) break;
        const from = (j - 1) * width + p;
        if (bestScore[from] === -Infinity) continue;
        const sc = bestScore[from]! + score(p, i);
        const sq = bestSquares[from]! + load * load;
        const better =
          sc > bestScore[at]! + EPS ||
          (Math.abs(sc - bestScore[at]!) <= EPS &&
            (sq < bestSquares[at]! - EPS || (sq <= bestSquares[at]! + EPS && p < parent[at]!)));
        if (parent[at] === -1 || better) {
          bestScore[at] = sc;
          bestSquares[at] = sq;
          parent[at] = p;
        }
      }
    }
  }
  if (parent[k * width + n] === -1) return null;
  const lengths: number[] = [];
  for (let j = k, i = n; j > 0; j--) {
    const p = parent[j * width + i]!;
    lengths.push(i - p);
    i = p;
  }
  return lengths.reverse();
}

/** Fewest contiguous routes of at most `cap` each that cover `loads` (every load must fit). */
export function fewestRoutes(loads: readonly number[], cap: number): number {
  let count = 0;
  let sum = Infinity;
  for (const x of loads) {
    if (sum + x <= cap) sum += x;
    else {
      count++;
      sum = x;
    }
  }
  return count;
}

/**
 * How many routes each stretch gets when `total` routes are shared between `stretches` so the
 * heaviest route anywhere is as light as it can be: each stretch starts with the fewest routes
 * its capacity allows, then every further route goes to the stretch whose heaviest route is
 * heaviest (ties to the first). Each stretch's optimum only falls as it gets routes, so this is
 * exact for the maximum. Returns the counts and that least heaviest route.
 *
 * @example
 * spreadRoutes([[40, 90, 50], [120]], 3, 200); // { counts: [2, 1], max: 130 }
 */
export function spreadRoutes(
  stretches: readonly (readonly number[])[],
  total: number,
  cap: number,
): { counts: number[]; max: number } {
  const counts = stretches.map((s) => Math.min(s.length, fewestRoutes(s, cap)));
  const heaviest = stretches.map((s, i) => minMaxLoad(s, counts[i]!));
  let left = total - counts.reduce((a, b) => a + b, 0);
  while (left > 0) {
    let pick = -1;
    stretches.forEach((s, i) => {
      if (counts[i]! < s.length && (pick < 0 || heaviest[i]! > heaviest[pick]!)) pick = i;
    });
    if (pick < 0) break;
    counts[pick] = counts[pick]! + 1;
    heaviest[pick] = minMaxLoad(stretches[pick]!, counts[pick]!);
    left--;
  }
  return { counts, max: Math.max(0, ...heaviest) };
}
