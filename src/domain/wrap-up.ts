/**
 * The end-of-day wrap-up (issue 14, part 7), as text for the organizers' group in the community's
 * language: who came, stages done per building and what is left undone, parcels counted at the
 * gate and delivered per wave. Pure: the board, counts and roll call come in.
 *
 * "Delivered" is what the gate counted for a building whose round that wave is ticked done: the
 * route volunteers tick a round when the building has its parcels.
 */
import { chineseOnly } from "./broadcast.ts";
import { rollLines, type RollSummary } from "./digest.ts";
import type { GateCount } from "./gate-count.ts";
import { parcelRound } from "./glossary.ts";
import { say, type Language } from "./language.ts";
import type { Board } from "./progress.ts";

export interface WrapUpInput {
  date: string;
  communityName: string;
  language: Language;
  board: Board;
  counts: ReadonlyArray<GateCount & { wave: number; building: string }>;
  rollCall?: RollSummary;
}

/** Undone stages listed by name up to this many; more are counted. */
const LIST_UNDONE = 30;

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
  lines.push(
    line(
      `进度：${board.rows.length} 栋楼共 ${board.total} 项，已完成 ${board.done} 项`,
      `Progress: ${board.done} of ${board.total} stages done across ${board.rows.length} buildings`,
    ),
  );
  const undone: Array<{ zh: string; en: string }> = [];
  for (const row of board.rows) {
    row.cells.forEach((cell, i) => {
      if (cell.kind !== "open" && cell.kind !== "late") return;
      const s = board.stages[i]!;
      undone.push({ zh: `${row.building}${chineseOnly(s.zh)}`, en: `${row.building} ${s.en}` });
    });
  }
  if (undone.length === 0) {
    lines.push(line("所有楼栋的工作都已完成。", "Every building's stages are done."));
  } else {
    const shown = undone.slice(0, LIST_UNDONE);
    const more = undone.length - shown.length;
    lines.push(
      line(
        `⚠️ 没做完的 ${undone.length} 项：${shown.map((u) => u.zh).join("、")}${more > 0 ? ` 等` : ""}`,
        `⚠️ ${undone.length} stages not done: ${shown.map((u) => u.en).join(", ")}${more > 0 ? ", …" : ""}`,
      ),
    );
  }
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
