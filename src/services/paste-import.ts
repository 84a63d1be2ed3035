/**
 * The paste box in the sheet: organizers paste the group's 接龙 into the 接龙粘贴 Paste tab (a
 * whole chain in one "Chain text" cell, or spread over rows one line a row, as Google Sheets pastes
 * it; see domain/chain/paste-rows.ts; an optional date beside it) and ZoneCrew imports every chain
 * — when asked (`POST /api/{community}/signups/import?from=sheet`, the console) and before the
 * evening publish. The result is written in the system-owned Result column beside each paste.
 * Importing the same or a longer chain again adds only new people, so a paste can stay there.
 */
import type { Community } from "../community.ts";
import { pastedChains, type PastedChain } from "../domain/chain.ts";
import { addDays, localDate } from "../domain/local-time.ts";
import { normalizeDate } from "../domain/normalize.ts";
import type { SheetsGateway } from "../sheets/gateway.ts";
import { importChain } from "./signup-import.ts";

export interface PasteResult {
  /** The chain's first row. */
  row: number;
  date: string;
  outcome: "imported" | "refused" | "sheet_not_ready" | "bad_date";
  added: number;
  summary: string;
}

export async function importFromPasteTab(deps: {
  gateway: SheetsGateway;
  community: Community;
  now: number;
}): Promise<PasteResult[]> {
  const { gateway, community } = deps;
  const read = await gateway.read(["paste"]);
  const chains = pastedChains(
    (read.tabs.paste?.rows ?? []).map((r) => ({
      rowNumber: r.rowNumber,
      key: r.key,
      text: r.cells.text ?? "",
      date: r.cells.date ?? "",
    })),
  );
  if (chains.length === 0) return [];
  const today = localDate(deps.now, community.timeZone);
  const results: PasteResult[] = [];
  const values = new Map<string, string>();
  for (const pasted of chains) {
    const row = pasted.rows[0]!;
    const result = await importOne(deps, pasted, today, row);
    results.push(result);
    values.set(pasted.resultKey, result.summary);
  }
  await gateway.write([{ kind: "column", tab: "paste", column: "result", values, otherwise: "" }]);
  return results;
}

async function importOne(
  deps: { gateway: SheetsGateway; community: Community; now: number },
  pasted: PastedChain,
  today: string,
  row: number,
): Promise<PasteResult> {
  const rows = pasted.rows.length > 1 ? `（第 ${row}–${pasted.rows.at(-1)} 行）` : "";
  const rowsEn = pasted.rows.length > 1 ? ` (rows ${row}-${pasted.rows.at(-1)})` : "";
  if (pasted.dates.length > 1) {
    const typed = pasted.dates.join("、");
    const summary = `这段接龙${rows}旁边写了不同的日期：${typed}，请只留一个。Different dates beside this chain${rowsEn}: ${pasted.dates.join(", ")}; keep one.`;
    return { row, date: typed, outcome: "bad_date", added: 0, summary };
  }
  const typed = pasted.dates[0] ?? "";
  const parsed = typed ? normalizeDate(typed, { today }) : undefined;
  if (parsed && !parsed.ok) {
    const summary = `日期读不懂：${typed}。Unreadable date: ${typed}.`;
    return { row, date: typed, outcome: "bad_date", added: 0, summary };
  }
  const date = parsed?.ok ? parsed.value : addDays(today, 1);
  const outcome = await importChain(deps, pasted.text, date);
  if (outcome.kind === "imported") {
    const r = outcome.report;
    const summary =
      `${date}${rows}：新增 ${r.added} 人，已有 ${r.alreadyPresent} 人，未匹配 ${r.unmatchedCount} 行。` +
      `Added ${r.added}, already there ${r.alreadyPresent}, unmatched ${r.unmatchedCount}${rowsEn}.` +
      r.unmatched
        .slice(0, 5)
        .map((u) => ` 「${u.line}」${u.zh}`)
        .join("");
    return { row, date, outcome: "imported", added: r.added, summary };
  }
  if (outcome.kind === "refused") {
    const reason = outcome.plan.refusal!;
    return {
      row,
      date,
      outcome: "refused",
      added: 0,
      summary: `未导入${rows}：${reason.zh} Not imported${rowsEn}: ${reason.en}`,
    };
  }
  return {
    row,
    date,
    outcome: "sheet_not_ready",
    added: 0,
    summary: "志愿者表或报名表读不懂，未导入。The Volunteers or Signups tab cannot be read; nothing imported.",
  };
}
