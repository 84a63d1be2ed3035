import { describe, expect, it } from "vitest";
import { pastedChains, type PasteRow } from "../../src/domain/chain.ts";

// Google Sheets puts each pasted line in its own row of column A unless the organizer pastes
// inside a cell; both must read as the same chain, and the result must land beside one row.
const rows = (...lines: Array<string | [string, string]>): PasteRow[] =>
  lines.flatMap((line, i) => {
    const [text, date] = typeof line === "string" ? [line, ""] : line;
    return text === "" ? [] : [{ rowNumber: i + 2, key: `id:${text}`, text, date }];
  });

describe("pastedChains", () => {
  it("reads a chain spread over rows, blank rows included, as one chain reported beside its first row", () => {
    const chains = pastedChains(rows("#接龙 明天", "", "1. 张伟 全天", "2. 李娜 上午"));
    expect(chains).toEqual([
      { rows: [2, 4, 5], resultKey: "id:#接龙 明天", text: "#接龙 明天\n1. 张伟 全天\n2. 李娜 上午", dates: [] },
    ]);
  });

  it("keeps a cell with several lines a chain by itself, between chains spread over rows", () => {
    const chains = pastedChains(rows("#接龙 明天", "1. 张伟 全天", "#接龙\n1. 李娜 上午", "1. 赵磊 下午"));
    expect(chains.map((c) => c.rows)).toEqual([[2, 3], [4], [5]]);
  });

  it("starts a new chain at a title below numbered lines, not at a title in the header", () => {
    const chains = pastedChains(
      rows("#接龙", "接龙：明天志愿者报名", "1. 张伟 全天", "#接龙", "明天志愿者报名", "1. 张伟 全天", "2. 李娜 上午"),
    );
    expect(chains.map((c) => c.rows)).toEqual([
      [2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it("takes the date typed beside any row of the chain, and lists two different ones", () => {
    expect(pastedChains(rows("#接龙", ["1. 张伟 全天", "2022-04-19"]))[0]!.dates).toEqual(["2022-04-19"]);
    expect(pastedChains(rows(["#接龙", "2022-04-19"], ["1. 张伟 全天", "2022-04-20"]))[0]!.dates).toEqual([
      "2022-04-19",
      "2022-04-20",
    ]);
  });

  it("reports beside the first row whose text is its own, since rows are found again by their text", () => {
    // Pasted twice onto the sheet: the second copy reports beside its own line "2. 李娜 上午", not
    // beside "#接龙", the first copy's title too (which has no row of its own, so keeps its first).
    const chains = pastedChains(rows("#接龙", "1. 张伟 全天", "#接龙", "1. 张伟 全天", "2. 李娜 上午"));
    expect(chains.map((c) => c.resultKey)).toEqual(["id:#接龙", "id:2. 李娜 上午"]);
  });
});
