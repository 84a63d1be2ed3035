/**
 * The day's progress (issue 14, part 3): every building's route stages (收垃圾, 第一轮快递,
 * 抗原 or 核酸, 第二轮快递) ticked off as they are done, and what is late against the workflow.
 *
 * Pure: the ticks and the clock come in, a board comes out. The Progress tab has one column per
 * kind of stage, so antigen and PCR (one or the other, as the workflow says that day) share the
 * 抗原/核酸 column.
 */
import type { Bilingual } from "./language.ts";
import type { Stage } from "./plan/types.ts";

/** Route tasks a volunteer ticks per building; assembly and training are not per building. */
export const tickableTasks = ["garbage", "parcels_1", "antigen", "pcr", "parcels_2"] as const;
export type TickableTask = (typeof tickableTasks)[number];

/** The Progress tab's column for each task. */
export type ProgressColumn = "garbage" | "parcels_1" | "testing" | "parcels_2";

export function progressColumn(task: TickableTask): ProgressColumn {
  return task === "antigen" || task === "pcr" ? "testing" : task;
}

export function isTickable(task: string): task is TickableTask {
  return (tickableTasks as readonly string[]).includes(task);
}

/** Undo is allowed this long after the tick (a wrong tap, noticed at once). */
export const UNDO_WINDOW_MS = 10 * 60_000;

export interface Tick {
  building: string;
  task: TickableTask;
  /** Epoch ms it was ticked. */
  at: number;
  /** Volunteer ID of whoever ticked it. */
  by: string;
}

/** One stage of a route, as the board shows it. */
export interface BoardStage extends Bilingual {
  task: TickableTask;
  start: string;
  end: string;
  /** The parcel wave a delivery round hands out; null for other stages. */
  wave: number | null;
}

/** The stages a route's timetable ticks, in time order. */
export function tickableStages(timetable: readonly Stage[]): BoardStage[] {
  return timetable
    .filter((s): s is Stage & { task: TickableTask } => isTickable(s.task))
    .map((s) => ({ task: s.task, zh: s.zh, en: s.en, start: s.start, end: s.end, wave: s.wave }));
}

export type CellState =
  | { kind: "done"; at: number; by: string; late: boolean }
  | { kind: "late" }
  | { kind: "open" }
  /** The building's route does not run this stage today. */
  | { kind: "none" };

/**
 * A stage is late when it is past its end and not done, or when it was done after its end.
 * `endAt` is the stage's end as epoch ms (the caller knows the zone).
 */
export function cellState(tick: Tick | undefined, endAt: number, now: number): CellState {
  if (tick) return { kind: "done", at: tick.at, by: tick.by, late: tick.at > endAt };
  return now > endAt ? { kind: "late" } : { kind: "open" };
}

export interface BoardRow {
  zone: string;
  building: string;
  cells: CellState[];
}

export interface Board {
  stages: BoardStage[];
  rows: BoardRow[];
  done: number;
  late: number;
  total: number;
}

/**
 * The board for some buildings (a zone, or the whole compound): one row per building, one cell
 * per stage. `routes` gives each building its route's stages (routes may differ on a dated day).
 */
export function buildBoard(input: {
  buildings: ReadonlyArray<{ id: string; zone: string }>;
  stagesOf: (building: string) => readonly BoardStage[];
  ticks: readonly Tick[];
  endAt: (stage: BoardStage) => number;
  now: number;
}): Board {
  const stages: BoardStage[] = [];
  for (const b of input.buildings) {
    for (const s of input.stagesOf(b.id)) {
      if (!stages.some((o) => o.task === s.task)) stages.push(s);
    }
  }
  stages.sort((a, b) => a.start.localeCompare(b.start));
  const byKey = new Map(input.ticks.map((t) => [`${t.building}\u0000${t.task}`, t]));
  let done = 0;
  let late = 0;
  let total = 0;
  const rows = input.buildings.map((b) => {
    const own = new Set(input.stagesOf(b.id).map((s) => s.task));
    const cells = stages.map((s): CellState => {
      if (!own.has(s.task)) return { kind: "none" };
      total += 1;
      const cell = cellState(byKey.get(`${b.id}\u0000${s.task}`), input.endAt(s), input.now);
      if (cell.kind === "done") done += 1;
      if (cell.kind === "late" || (cell.kind === "done" && cell.late)) late += 1;
      return cell;
    });
    return { zone: b.zone, building: b.id, cells };
  });
  return { stages, rows, done, late, total };
}
