/**
 * Optimality section of the engine benchmark: the engine against exact optima, per family of
 * days generated with fixed seeds, as ratios (1 = at the optimum).
 *
 * - coverage: households the plan covers ÷ the best cover of the same people off the gate crew
 *   (small days: the brute-force oracle in plan-fixtures.ts; compounds: the knapsack of
 *   src/domain/plan/coverage.ts, which the tests prove equal to that oracle on small days);
 * - load: the plan's heaviest route ÷ the least heaviest route any contiguous cut of its covered
 *   buildings into as many routes could have (oracle / spreadRoutes likewise). Below 1 means
 *   the plan broke contiguity to get there;
 * - posts (small days): post places filled ÷ the oracle's, which ranks gate crew, then cover,
 *   then the other posts;
 * - throws and routes that are not contiguous, counted.
 *
 * `benchOptimality(planDay)` takes the engine as an argument, so the same table can be made for
 * an older engine (the "before" column).
 */
import { fewestRoutes, spreadRoutes } from "../../src/domain/plan/contiguous-cut.ts";
import { coverageCurve } from "../../src/domain/plan/coverage.ts";
import { buildDay } from "../../src/domain/plan/day.ts";
import type { Plan, PlanInput } from "../../src/domain/plan/index.ts";
import { createRandom, hashSeed } from "../../src/emulator/seeded-random.ts";
import {
  contiguityViolations,
  demoWorkbookInput,
  makeCompound,
  oracleCoverCurve,
  oracleMaxLoad,
  oraclePostPlaces,
  oracleWalkersToCoverAll,
  smallDay,
  smallDayFacts,
} from "../node/plan-fixtures.ts";

type Engine = (input: PlanInput) => Plan;

interface Ratios {
  coverage: number;
  load: number | null;
  posts: number | null;
}

function summary(values: readonly number[]) {
  if (values.length === 0) return null;
  const logs = values.reduce((n, x) => n + Math.log(Math.max(x, 1e-9)), 0);
  return {
    geomean: Number(Math.exp(logs / values.length).toFixed(4)),
    worst: Number(Math.min(...values).toFixed(4)),
    best: Number(Math.max(...values).toFixed(4)),
    count: values.length,
    atOne: values.filter((x) => Math.abs(x - 1) < 1e-9).length,
  };
}

/** Ratios for one day, with exact optima: the oracles on small days, the proven DPs on larger ones. */
function ratios(input: PlanInput, plan: Plan, small: boolean): Ratios {
  const facts = smallDayFacts(input);
  // People pinned to a post or standby are not free to walk: pins are honoured first.
  const gate = new Set(plan.posts.filter((p) => p.priority === "before_routes").flatMap((p) => p.volunteerIds));
  for (const a of plan.assignments) if (a.pinned && a.kind !== "route") gate.add(a.volunteerId);
  const walkers = facts.people.filter((p) => p.walker && !gate.has(p.id)).length;
  const covered = new Set(plan.routes.flatMap((r) => r.buildings));
  const households = plan.routes.reduce((n, r) => n + r.households, 0);
  const n = facts.zones.reduce((k, z) => k + z.buildings.length, 0);

  let bestHouseholds = 0;
  if (facts.routeBlock) {
    if (small) bestHouseholds = Math.floor(oracleCoverCurve(facts, walkers)[walkers]! / (n + 1));
    else if (walkers >= oracleWalkersToCoverAll(facts))
      bestHouseholds = input.buildings.reduce((k, b) => k + b.households, 0);
    else bestHouseholds = Math.floor(coverageCurve(buildDay(input), walkers, new Set())[walkers]!.worth / (n + 1));
  }

  let load: number | null = null;
  if (plan.routes.length > 0) {
    let best: number;
    if (small) best = oracleMaxLoad(facts, covered, plan.routes.length);
    else {
      // Unbroken covered stretches per zone; buildings over capacity alone.
      const stretches: number[][] = [];
      let team = 0;
      let teams = 0;
      for (const { buildings } of facts.zones) {
        let open = false;
        for (const b of buildings) {
          if (!covered.has(b.id)) open = false;
          else if (b.load > facts.capacity) {
            team = Math.max(team, b.load);
            teams++;
            open = false;
          } else {
            if (!open) stretches.push([]);
            stretches[stretches.length - 1]!.push(b.load);
            open = true;
          }
        }
      }
      const needed = stretches.reduce((k, s) => k + fewestRoutes(s, facts.capacity), 0);
      best = Math.max(team, spreadRoutes(stretches, Math.max(needed, plan.routes.length - teams), facts.capacity).max);
    }
    load = best > 0 && Number.isFinite(best) ? best / plan.metrics.maxRouteLoad : null;
    // Report as optimum ÷ plan so that 1 is best and lower is worse, like coverage.
  }

  let posts: number | null = null;
  if (small) {
    const cover = facts.routeBlock ? oracleCoverCurve(facts, facts.people.filter((p) => p.walker).length) : [0];
    const best = oraclePostPlaces(facts, cover);
    const filled = plan.posts.reduce((k, p) => k + p.volunteerIds.length, 0);
    posts = best.gate + best.after > 0 ? filled / (best.gate + best.after) : null;
  }
  return { coverage: bestHouseholds > 0 ? households / bestHouseholds : 1, load, posts };
}

function family(name: string, inputs: readonly PlanInput[], engine: Engine, small: boolean) {
  let throws = 0;
  let nonContiguous = 0;
  let routes = 0;
  const coverage: number[] = [];
  const load: number[] = [];
  const posts: number[] = [];
  for (const input of inputs) {
    let plan: Plan;
    try {
      plan = engine(input);
    } catch {
      throws++;
      continue;
    }
    routes += plan.routes.length;
    nonContiguous += contiguityViolations(input, plan).length;
    const r = ratios(input, plan, small);
    coverage.push(r.coverage);
    if (r.load !== null) load.push(r.load);
    if (r.posts !== null) posts.push(r.posts);
  }
  return {
    family: name,
    days: inputs.length,
    throws,
    routes,
    nonContiguous,
    coverage: summary(coverage),
    load: summary(load),
    posts: summary(posts),
  };
}

/** A demo-shaped compound with 10–200 households a building and 20–200 people. */
function randomCompound(seed: number): PlanInput {
  const rng = createRandom(hashSeed("optimality-random", seed));
  const base = makeCompound({ seed, signups: rng.int(20, 200), roster: 320 });
  return { ...base, buildings: base.buildings.map((b) => ({ ...b, households: rng.int(10, 200) })) };
}

/** A demo-sized compound with about as many people as covering it and staffing the posts takes. */
function tightCompound(seed: number): PlanInput {
  const rng = createRandom(hashSeed("optimality-tight", seed));
  const probe = randomCompound(1000 + seed);
  const walkers = oracleWalkersToCoverAll(smallDayFacts(probe));
  const posts = probe.workflow.reduce((n, s) => n + (s.scope === "post" ? (s.headcount ?? 0) : 0), 0);
  const signups = Math.round((walkers / 0.78 + posts) * (0.85 + 0.3 * rng.next()));
  const base = makeCompound({ seed: 1000 + seed, signups, roster: Math.max(320, signups + 20) });
  return { ...base, buildings: probe.buildings };
}

export function benchOptimality(engine: Engine, smallDays = 2000) {
  const demo = demoWorkbookInput();
  const cut = (k: number): PlanInput => ({ ...demo, volunteers: demo.volunteers.slice(0, k) });
  const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return [
    family("demo (120, cut to 40/45/60 sign-ups)", [demo, cut(40), cut(45), cut(60)], engine, false),
    family("random compounds (20)", seeds(20).map(randomCompound), engine, false),
    family("tight compounds (20)", seeds(20).map(tightCompound), engine, false),
    family(
      `small days vs oracle (${smallDays})`,
      seeds(smallDays).map((s) => smallDay(s, { pinShare: 0 })),
      engine,
      true,
    ),
    family(
      `small days with pins (${smallDays})`,
      seeds(smallDays).map((s) => smallDay(s + 1_000_000, { pinShare: 0.5, yesterday: true })),
      engine,
      false,
    ),
  ];
}
