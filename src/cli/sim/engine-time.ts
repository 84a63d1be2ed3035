/**
 * Engine time per compound. A Worker's clock does not advance while it computes (timers move only
 * on I/O), so the engine cannot time itself inside workerd. Instead the simulation reads the same
 * sheet in Node (the production gateway pointed at the emulator), validates and builds the same
 * engine input the Worker's generate builds, and times the pure `planDay` there; the metrics must
 * equal the Worker's, which shows the input was the same.
 */
import { localDate } from "../../domain/local-time.ts";
import { planDay, type PlanMetrics } from "../../domain/plan/index.ts";
import { planInputFromSnapshot } from "../../domain/plan-input.ts";
import { DEFAULT_AGE_LIMIT, validateWorkbook } from "../../domain/validate.ts";
import { planSeed } from "../../services/generate.ts";
import { organizerTabKeys } from "../../sheets/manifest.ts";
import { localGateway } from "../local-emulator.ts";

export interface EngineTiming {
  /** Median of `runs` runs of planDay, ms. */
  engineMs: number;
  metrics: PlanMetrics;
  /** Sheets requests the Node-side read made. */
  reads: number;
}

export async function timeEngine(options: {
  base: string;
  token: string;
  spreadsheetId: string;
  slug: string;
  date: string;
  timeZone: string;
  now: number;
  runs?: number;
}): Promise<EngineTiming> {
  const gateway = localGateway(options.base, options.token, options.spreadsheetId);
  const read = await gateway.read(organizerTabKeys);
  const { snapshot } = validateWorkbook({
    tabs: read.tabs,
    today: localDate(options.now, options.timeZone),
    ageLimit: DEFAULT_AGE_LIMIT,
  });
  const input = planInputFromSnapshot(snapshot, {
    date: options.date,
    seed: await planSeed(options.slug, options.date),
    yesterday: null,
    previous: null,
  });
  const times: number[] = [];
  let metrics: PlanMetrics | undefined;
  for (let i = 0; i < (options.runs ?? 3); i++) {
    const t0 = performance.now();
    metrics = planDay(input).metrics;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    engineMs: Number(times[Math.floor(times.length / 2)]!.toFixed(1)),
    metrics: metrics!,
    reads: gateway.requests,
  };
}
