import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { seedDemo, sheetsCall, TOKEN } from "./support/emulator.ts";
import { generateDemoCompound } from "../../src/emulator/demo-compound.ts";
import { tomorrow as tomorrowDate } from "./support/clock.ts";

const SHEET = "demo-compound";
const auth = { authorization: `Bearer ${TOKEN}` };

async function values(range: string): Promise<string[][]> {
  const body = (await (await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(range)}`)).json()) as {
    values?: string[][];
  };
  return body.values ?? [];
}

describe("the paste box in the sheet (接龙粘贴 Paste tab)", () => {
  it("imports a chain pasted in the sheet, writes the result beside it, and adds nothing the second time", async () => {
    await seedDemo(SHEET);
    const tomorrow = tomorrowDate();
    // Three registered volunteers who have not signed up for tomorrow yet.
    const demo = generateDemoCompound({ seed: 20220419, date: tomorrow });
    const signed = new Set(demo.tabs.signups.rows.map((r) => r[1]));
    const free = demo.tabs.volunteers.rows.filter((r) => !signed.has(r[0]) && r[6] === "是 Yes").slice(0, 3);
    const chain = ["#接龙 明天志愿者报名", ...free.map((r, i) => `${i + 1}. ${r[1]} ${r[0]} 全天`)].join("\n");
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent("'接龙粘贴 Paste'!A2")}?valueInputOption=RAW`, {
      values: [[chain]],
    });

    const first = await SELF.fetch("http://local/api/demo/signups/import?from=sheet", {
      method: "POST",
      headers: auth,
    });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { results: Array<{ outcome: string; added: number; date: string }> };
    expect(body.results).toEqual([expect.objectContaining({ outcome: "imported", added: 3, date: tomorrow })]);
    const result = await values("'接龙粘贴 Paste'!C2");
    expect(result[0]![0]).toContain("新增 3 人");
    expect(result[0]![0]).toContain("Added 3");
    const signups = await values("'报名 Signups'");
    expect(signups.filter((r) => free.some((f) => f[0] === r[1]))).toHaveLength(3);

    const again = (await (
      await SELF.fetch("http://local/api/demo/signups/import?from=sheet", { method: "POST", headers: auth })
    ).json()) as {
      results: Array<{ added: number }>;
    };
    expect(again.results[0]!.added).toBe(0);
    expect(await values("'报名 Signups'")).toHaveLength(signups.length);
  });

  it("imports a chain pasted onto the sheet, one line a row as Google Sheets splits it, and reports beside its first row", async () => {
    await seedDemo(SHEET);
    const tomorrow = tomorrowDate();
    const demo = generateDemoCompound({ seed: 20220419, date: tomorrow });
    const signed = new Set(demo.tabs.signups.rows.map((r) => r[1]));
    const free = demo.tabs.volunteers.rows.filter((r) => !signed.has(r[0]) && r[6] === "是 Yes").slice(0, 3);
    const lines = [
      "#接龙 明天志愿者报名",
      "",
      ...free.map((r, i) => `${i + 1}. ${r[1]} ${r[0]} 全天`),
      `${free.length + 1}. +1 我老婆也来`,
      "收到",
    ];
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent("'接龙粘贴 Paste'!A2")}?valueInputOption=RAW`, {
      values: lines.map((line) => [line]),
    });

    const response = await SELF.fetch("http://local/api/demo/signups/import?from=sheet", {
      method: "POST",
      headers: auth,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: Array<{ row: number; outcome: string; added: number }> };
    // One chain, not one per row: each row alone would be a title, or a line with no title.
    expect(body.results).toEqual([expect.objectContaining({ row: 2, outcome: "imported", added: 3 })]);
    const result = await values("'接龙粘贴 Paste'!C2:C9");
    expect(result[0]![0]).toContain("（第 2–8 行）：新增 3 人");
    expect(result[0]![0]).toContain("「4. +1 我老婆也来」这一行报名的是一位没写名字的人");
    // Only the first row carries the result.
    expect(
      result
        .slice(1)
        .flat()
        .filter((cell) => cell !== ""),
    ).toEqual([]);
    const signups = await values("'报名 Signups'");
    expect(signups.filter((r) => free.some((f) => f[0] === r[1]))).toHaveLength(3);
  });
});
