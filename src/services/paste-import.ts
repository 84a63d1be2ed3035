/**
 * The paste box in the sheet: organizers paste the group's 接龙 into the 接龙粘贴 Paste tab (one
 * chain per "Chain text" cell, an optional date beside it) and ZoneCrew imports every pasted chain
 * — when asked (`POST /api/{community}/signups/import?from=sheet`, the console) and before the
 * evening publish. The result is written in the system-owned Result column beside each paste.
 * Importing the same or a longer chain again adds only new people, so a paste can stay there.
 */
import type { Community } from "../community.ts";
import { addDays, localDate } from "../domain/local-time.ts";
import { normalizeDate } from "../domain/normalize.ts";
import type { SheetsGateway } from "../sheets/gateway.ts";
import { importChain } from "./signup-import.ts";

export interface PasteResult {
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
  const rows = (read.tabs.paste?.rows ?? []).filter((r) => (r.cells.text ?? "").trim() !== "");
  if (rows.length === 0) return [];
  const today = localDate(deps.now, community.timeZone);
  const results: PasteResult[] = [];
  const values = new Map<string, string>();
  for (const row of rows) {
    const typed = (row.cells.date ?? "").trim();
    const parsed = typed ? normalizeDate(typed, { today }) : undefined;
    if (parsed && !parsed.ok) {
      const summary = `日期读不懂：${typed}。Unreadable date: ${typed}.`;
      results.push({ row: row.rowNumber, date: typed, outcome: "bad_date", added: 0, summary });
      values.set(row.key, summary);
      continue;
    }
    const date = parsed?.ok ? parsed.value : addDays(today, 1);
    const outcome = await importChain({ gateway, community, now: deps.now }, row.cells.text!, date);
    let result: PasteResult;
    if (outcome.kind === "imported") {
      const r = outcome.report;
      const summary =
        `${date}：新增 ${r.added} 人，已有 ${r.alreadyPresent} 人，未匹配 ${r.unmatchedCount} 行。` +
        `Added ${r.added}, already there ${r.alreadyPresent}, unmatched ${r.unmatchedCount}.` +
        r.unmatched
          .slice(0, 5)
          .map((u) => ` 「${u.line}」${u.zh}`)
          .join("");
      result = { row: row.rowNumber, date, outcome: "imported", added: r.added, summary };
    } else if (outcome.kind === "refused") {
      const reason = outcome.plan.refusal!;
      result = {
        row: row.rowNumber,
        date,
        outcome: "refused",
        added: 0,
        summary: `未导入：${reason.zh} Not imported: ${reason.en}`,
      };
    } else {
      result = {
        row: row.rowNumber,
        date,
        outcome: "sheet_not_ready",
        added: 0,
        summary: "志愿者表或报名表读不懂，未导入。The Volunteers or Signups tab cannot be read; nothing imported.",
      };
    }
    results.push(result);
    values.set(row.key, result.summary);
  }
  await gateway.write([{ kind: "column", tab: "paste", column: "result", values, otherwise: "" }]);
  return results;
}
