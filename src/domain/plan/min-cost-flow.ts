/**
 * A small max-gain flow with lexicographic costs, for filling posts exactly.
 *
 * Costs are short vectors compared in order (first entry most important), so priorities such as
 * "gate place, then route walker, then after-route post, then preferences" never trade against
 * each other the way weighted sums would, and no weight can overflow a double at town scale.
 * Successive shortest paths (Bellman–Ford, which handles the negative costs of gains) augment
 * while the cheapest path from source to sink is still negative, i.e. still gains something.
 * The graph the engine builds has one node per kind of volunteer, not per volunteer, so it stays
 * at a few hundred edges even for a town.
 *
 * @example
 * const g = newFlowGraph(4, 2);
 * addEdge(g, 0, 1, 3, [0, 0]); addEdge(g, 1, 2, 5, [-1, 0]); addEdge(g, 2, 3, 2, [0, 0]);
 * maxGainFlow(g, 0, 3); // 2
 */

export interface FlowGraph {
  nodes: number;
  dims: number;
  /** Edge e goes from[e] → to[e]; edge e ^ 1 is its residual twin. */
  from: number[];
  to: number[];
  cap: number[];
  cost: number[][];
  out: number[][];
}

export function newFlowGraph(nodes: number, dims: number): FlowGraph {
  return { nodes, dims, from: [], to: [], cap: [], cost: [], out: Array.from({ length: nodes }, () => []) };
}

/** Adds u → v with capacity `cap` and cost vector `cost`; returns the edge's index (its flow is `flowOn`). */
export function addEdge(g: FlowGraph, u: number, v: number, cap: number, cost: readonly number[]): number {
  const e = g.to.length;
  g.from.push(u, v);
  g.to.push(v, u);
  g.cap.push(cap, 0);
  g.cost.push(
    [...cost],
    cost.map((c) => -c),
  );
  g.out[u]!.push(e);
  g.out[v]!.push(e + 1);
  return e;
}

/** Flow on edge `e` (what its residual twin holds). */
export function flowOn(g: FlowGraph, e: number): number {
  return g.cap[e ^ 1]!;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Pushes flow along cheapest paths while they gain (cost < 0); returns the total flow. */
export function maxGainFlow(g: FlowGraph, s: number, t: number): number {
  const zero = new Array<number>(g.dims).fill(0);
  let total = 0;
  for (;;) {
    const dist: (number[] | null)[] = new Array<number[] | null>(g.nodes).fill(null);
    const via = new Int32Array(g.nodes).fill(-1);
    dist[s] = zero;
    // Bellman–Ford: at most nodes − 1 rounds; stops early when nothing improves.
    for (let round = 0; round < g.nodes; round++) {
      let changed = false;
      for (let e = 0; e < g.to.length; e++) {
        if (g.cap[e]! <= 0) continue;
        const du = dist[g.from[e]!];
        if (!du) continue;
        const c = g.cost[e]!;
        const next = du.map((x, i) => x + c[i]!);
        const dv = dist[g.to[e]!];
        if (!dv || compare(next, dv) < 0) {
          dist[g.to[e]!] = next;
          via[g.to[e]!] = e;
          changed = true;
        }
      }
      if (!changed) break;
    }
    const dt = dist[t];
    if (!dt || compare(dt, zero) >= 0) return total;
    let push = Infinity;
    for (let v = t; v !== s; v = g.from[via[v]!]!) push = Math.min(push, g.cap[via[v]!]!);
    for (let v = t; v !== s; v = g.from[via[v]!]!) {
      const e = via[v]!;
      g.cap[e] = g.cap[e]! - push;
      g.cap[e ^ 1] = g.cap[e ^ 1]! + push;
    }
    total += push;
  }
}
