/**
 * The end-of-day wrap-up (issue 14, part 7), as text for the organizers' group in the community's
 * language: who came, stages done per building and what is left undone, parcels counted at the
 * gate and delivered per wave. Pure: the board, counts and roll call come in.
 *
 * Stages per building, compactly: one line per zone ("东区：8 栋楼做完 5 栋，完成 28/32 项"), then
 * the buildings not finished, those missing the same stages on one line ("· 1号楼、2号楼 各完成
 * 0/4，还差：收垃圾、…"). Every unfinished building is named once; nothing is cut off (a long
 * wrap-up is sent in parts, see splitMessage).
 *
 * "Delivered" is what the gate counted for a building whose round that wave is ticked done: the
 * route volunteers tick a round when the building has its parcels.
 */
import { chineseOnly } from "./broadcast.ts";
import { rollLines, type RollSummary } from "./digest.ts";
import type { GateCount } from "./gate-count.ts";
import { parcelRound } from "./glossary.ts";
import { say, type Bilingual, type Language } from "./language.ts";
import type { Board } from "./progress.ts";

export interface WrapUpInput {
  date: string;
  communityName: string;
  language: Language;
  board: Board;
  counts: ReadonlyArray<GateCount & { wave: number; building: string }>;
  rollCall?: RollSummary;
}

export function wrapUpText(input: WrapUpInput): string {
  const { language, board } = input;
  const line = (zh: string, en: string) => say(language, { zh, en }, language === "zh+en" ? "\n" : " ");
  const [, m, d] = input.date.split("-").map(Number);
  const lines = [
    line(
      `【${chineseOnly(input.communityName)}】${m}月${d}日收工小结`,
      `${input.communityName}: end-of-day wrap-up, ${input.date}`,
    ),
  ];
  if (input.rollCall) lines.push(...rollLines(input.rollCall, language));
  const zones = progressByZone(board);
  const finished = zones.reduce((n, z) => n + z.finished, 0);
  lines.push(
    line(
      `进度：${board.rows.length} 栋楼共 ${board.total} 项，已完成 ${board.done} 项；全部做完的楼 ${finished} 栋`,
      `Progress: ${board.done} of ${board.total} stages done across ${board.rows.length} buildings; ${finished} buildings finished`,
    ),
  );
  if (board.done === board.total) {
    lines.push(line("所有楼栋的工作都已完成。", "Every building's stages are done."));
  } else {
    lines.push(line(`⚠️ 没做完的 ${board.total - board.done} 项：`, `⚠️ ${board.total - board.done} stages not done:`));
  }
  for (const z of zones) lines.push(...zoneLines(z, line, language));
  const waves = [...new Set(input.counts.map((c) => c.wave))].sort((a, b) => a - b);
  if (waves.length === 0) {
    lines.push(line("门口今天没有登记快递件数。", "The gate entered no parcel counts today."));
  }
  for (const wave of waves) {
    const counted = input.counts.filter((c) => c.wave === wave);
    const stage = board.stages.findIndex((s) => s.wave === wave);
    const done = new Set(
      board.rows.filter((r) => stage >= 0 && r.cells[stage]?.kind === "done").map((r) => r.building),
    );
    const sum = (list: typeof counted, key: keyof GateCount) => list.reduce((n, c) => n + c[key], 0);
    const delivered = counted.filter((c) => done.has(c.building));
    const round = parcelRound(wave);
    lines.push(
      line(
        `${round.zh}：门口登记 ${sum(counted, "count")} 件（药品 ${sum(counted, "medicine")}，冷链 ${sum(counted, "coldChain")}），已送到 ${sum(delivered, "count")} 件`,
        `${round.en}: ${sum(counted, "count")} counted at the gate (${sum(counted, "medicine")} medicine, ${sum(counted, "coldChain")} cold chain), ${sum(delivered, "count")} delivered`,
      ),
    );
  }
  return lines.join("\n");
}

interface ZoneProgress {
  zone: string;
  buildings: number;
  finished: number;
  done: number;
  total: number;
  /** Unfinished buildings missing the same stages, in the zone's order. */
  unfinished: Array<{ buildings: string[]; done: number; total: number; missing: Bilingual[] }>;
}

/** The board by zone (in the board's order), each building's stages counted. */
export function progressByZone(board: Board): ZoneProgress[] {
  const zones = new Map<string, ZoneProgress>();
  for (const row of board.rows) {
    const z = zones.get(row.zone) ?? { zone: row.zone, buildings: 0, finished: 0, done: 0, total: 0, unfinished: [] };
    zones.set(row.zone, z);
    const own = row.cells.flatMap((cell, i) => (cell.kind === "none" ? [] : [{ cell, stage: board.stages[i]! }]));
    const done = own.filter((x) => x.cell.kind === "done").length;
    z.buildings += 1;
    z.done += done;
    z.total += own.length;
    if (done === own.length) {
      z.finished += 1;
      continue;
    }
    const missing = own.filter((x) => x.cell.kind !== "done").map((x) => ({ zh: x.stage.zh, en: x.stage.en }));
    const key = (g: { done: number; total: number; missing: Bilingual[] }) =>
      `${g.done}/${g.total}:${g.missing.map((x) => x.zh).join("、")}`;
    const group = z.unfinished.find((g) => key(g) === key({ done, total: own.length, missing }));
    if (group) group.buildings.push(row.building);
    else z.unfinished.push({ buildings: [row.building], done, total: own.length, missing });
  }
  return [...zones.values()];
}

function zoneLines(z: ZoneProgress, line: (zh: string, en: string) => string, language: Language): string[] {
  const zone = language === "en" ? z.zone : chineseOnly(z.zone);
  const head =
    z.finished === z.buildings
      ? line(
          `${zone}：${z.buildings} 栋楼全部做完（${z.done}/${z.total} 项）`,
          `${z.zone}: ${z.buildings === 1 ? "its building" : `all ${z.buildings} buildings`} finished (${z.done} of ${z.total} stages)`,
        )
      : line(
          `${zone}：${z.buildings} 栋楼做完 ${z.finished} 栋，完成 ${z.done}/${z.total} 项`,
          `${z.zone}: ${z.finished} of ${z.buildings} buildings finished, ${z.done} of ${z.total} stages done`,
        );
  return [
    head,
    ...z.unfinished.map((g) => {
      const each = g.buildings.length > 1;
      return line(
        `· ${g.buildings.join("、")} ${each ? "各" : ""}完成 ${g.done}/${g.total}，还差：${g.missing.map((x) => chineseOnly(x.zh)).join("、")}`,
        `· ${g.buildings.join(", ")}: ${g.done} of ${g.total} done${each ? " each" : ""}; left: ${g.missing.map((x) => x.en).join(", ")}`,
      );
    }),
  ];
}
