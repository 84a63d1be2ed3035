import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/local-time.ts";
import { ConsoleClient, textOf } from "./support/console.ts";
import { seedDemo, sheetsCall, stats, TOKEN } from "./support/emulator.ts";
import { today } from "./support/clock.ts";

// Active volunteers of the seeded demo roster (sheets-templates/demo/volunteers.csv; the roster is
// the same whatever the date, but who is signed up for tomorrow changes with the date, so each
// test reads the sheet to see who is free). V073 金明轩 is inactive (阳性，隔离中).
const POOL = [
  ["V001", "胡天宇", "25号楼", "18768422641"],
  ["V002", "徐明轩", "19号楼", "17717127951"],
  ["V004", "赵琪", "3号楼", "15045790227"],
  ["V005", "徐涛", "18号楼", "13649257602"],
  ["V006", "瞿家豪", "1号楼", "18023179128"],
  ["V007", "施文涛", "29号楼", "18688522896"],
  ["V008", "陈明杰", "15号楼", "18369032938"],
  ["V009", "黄佳慧", "25号楼", "18883554586"],
  ["V010", "钱嘉敏", "29号楼", "18389978093"],
  ["V012", "曹婷", "23号楼", "13983393290"],
  ["V013", "李凯峰", "25号楼", "13271999745"],
  ["V014", "张鹏", "20号楼", "16670938803"],
  ["V015", "沈丽萍", "18号楼", "15127701037"],
  ["V016", "张佳慧", "21号楼", "18019197686"],
  ["V017", "刘海涛", "19号楼", "18747240386"],
  ["V019", "金云龙", "12号楼", "17301613110"],
  ["V021", "陆思远", "1号楼", "16605140667"],
  ["V022", "奚嘉伟", "25号楼", "17703620868"],
  ["V023", "许卫东", "10号楼", "13275988620"],
  ["V024", "陈宇航", "12号楼", "13114666747"],
].map(([id, name, building, phone]) => ({ id: id!, name: name!, building: building!, tail: phone!.slice(-4) }));
type Person = (typeof POOL)[number];

const SHEET = "demo-compound";
const SIGNUPS = "'报名 Signups'";
const auth = { authorization: `Bearer ${TOKEN}` };
const tomorrow = () => addDays(today(), 1);

interface ImportBody {
  date: string;
  chain: { title: string | null; date: string | null; dateWords: string[]; lines: number };
  added: number;
  alreadyPresent: number;
  unmatched: Array<{ lineNumber: number; line: string; code: string; zh: string; en: string }>;
  totals: { all_day: number; am: number; pm: number };
  dayTotals: { all_day: number; am: number; pm: number };
  ignored: Array<{ reason: string }>;
  addedRows: Array<{ volunteerId: string; name: string; availability: string }>;
  notes: Array<{ code: string }>;
  summary: { zh: string; en: string };
  sheets: { requests: number };
}

interface ErrorBody {
  error: { code: string; zh: string; en: string };
}

async function importChain(
  body: string,
  init: { query?: string; contentType?: string } = {},
): Promise<{ status: number; body: ImportBody & ErrorBody }> {
  const response = await SELF.fetch(`http://local/api/demo/signups/import${init.query ?? ""}`, {
    method: "POST",
    headers: { ...auth, "content-type": init.contentType ?? "text/plain; charset=utf-8" },
    body,
  });
  return { status: response.status, body: (await response.json()) as ImportBody & ErrorBody };
}

async function signupRows(render = "FORMATTED_VALUE"): Promise<string[][]> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(SIGNUPS)}?valueRenderOption=${render}`);
  return ((await response.json()) as { values?: string[][] }).values ?? [];
}

/** Pool volunteers not signed up for tomorrow, and one who is. */
async function whoIsFree(): Promise<{ free: Person[]; signed: Person }> {
  const rows = await signupRows();
  const signedIds = new Set(rows.filter((r) => r[0] === tomorrow()).map((r) => r[1]));
  const free = POOL.filter((p) => !signedIds.has(p.id));
  const signed = POOL.find((p) => signedIds.has(p.id));
  expect(free.length).toBeGreaterThanOrEqual(5);
  expect(signed).toBeDefined();
  return { free, signed: signed! };
}

const chain = (...lines: string[]) =>
  ["#接龙", "明天志愿者报名：姓名 楼号 时段", "例 张三 3号楼 全天", "", ...lines].join("\n");

describe("POST /api/{community}/signups/import", () => {
  it("appends matched lines below the Signups rows in one write, and reports the rest", async () => {
    await seedDemo(SHEET);
    const before = await signupRows();
    const { free, signed } = await whoIsFree();
    const [a, b, c, d] = free as [Person, Person, Person, Person];
    const calls = await stats(SHEET);

    const { status, body } = await importChain(
      chain(
        `1. ${a.name} ${a.building} 全天`,
        `2、${b.name} ${b.building.replace("号楼", "")}-301 上午`,
        `３．${c.name} 尾号${c.tail.replace(/\d/g, (x) => String.fromCharCode(x.charCodeAt(0) + 0xfee0))} 下午 可以带推车`,
        `4. ${signed.name} ${signed.building} 全天`,
        "5. 张三丰 8号楼 全天",
        "6. 金明轩 18号楼 上午",
        `7. ${d.id} ${d.name} 8-12点`,
        "收到，辛苦大家！",
      ),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ date: tomorrow(), added: 4, alreadyPresent: 1 });
    expect(body.chain).toMatchObject({ title: "#接龙", date: tomorrow(), dateWords: ["明天"], lines: 7 });
    expect(body.unmatched.map((u) => [u.lineNumber, u.code])).toEqual([
      [9, "unknown_name"],
      [10, "inactive"],
    ]);
    expect(body.unmatched[1]!.zh).toContain("不在册");
    expect(body.unmatched[1]!.en).toContain("inactive");
    expect(body.totals).toEqual({ all_day: 2, am: 2, pm: 1 });
    expect(body.ignored.map((l) => l.reason)).toEqual(["title", "description", "example", "comment"]);
    expect(body.summary.zh).toContain("新增 4 人");

    const after = await signupRows();
    expect(after).toHaveLength(before.length + 4);
    expect(after.slice(before.length).map((r) => r.slice(0, 6))).toEqual([
      [tomorrow(), a.id, a.name, "全天 All day", "", "接龙导入 chain import"],
      [tomorrow(), b.id, b.name, "上午 AM", "", "接龙导入 chain import"],
      [tomorrow(), c.id, c.name, "下午 PM", "", "接龙导入 chain import: 可以带推车"],
      [tomorrow(), d.id, d.name, "上午 AM", "", "接龙导入 chain import"],
    ]);
    // One read to match, one read before the write and one write to append (+ the tab titles
    // when this isolate does not know them yet): never more than one write.
    const spent = await stats(SHEET);
    expect(spent.writes - calls.writes).toBe(1);
    expect(body.sheets.requests).toBeLessThanOrEqual(4);
  });

  it("adds nothing when the same chain is imported again, and only the new lines of a longer one", async () => {
    await seedDemo(SHEET);
    const [a, b, c] = (await whoIsFree()).free as [Person, Person, Person];
    const lines = [`1. ${a.name} ${a.building} 全天`, `2. ${b.name} ${b.building} 上午`];
    const first = chain(...lines);
    expect((await importChain(first)).body.added).toBe(2);
    const rows = (await signupRows()).length;
    const calls = await stats(SHEET);

    const again = await importChain(first);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ added: 0, alreadyPresent: 2 });
    expect(await signupRows()).toHaveLength(rows);
    // Nothing to add, nothing written.
    expect((await stats(SHEET)).writes).toBe(calls.writes);

    // The chain as re-posted by the next person, pasted under the first copy: one more line.
    const longer = `${first}\n${chain(...lines, `3. ${c.name} ${c.building} 下午`)}`;
    const third = await importChain(longer);
    expect(third.body).toMatchObject({ added: 1, alreadyPresent: 2 });
    expect(third.body.addedRows).toEqual([expect.objectContaining({ volunteerId: c.id, availability: "下午 PM" })]);
    const final = await signupRows();
    expect(final).toHaveLength(rows + 1);
    expect(final.filter((r) => r[1] === a.id && r[0] === tomorrow())).toHaveLength(1);
  });

  it("leaves rows that validate: a sync afterwards finds no problem in them", async () => {
    await seedDemo(SHEET);
    const [a, b] = (await whoIsFree()).free as [Person, Person];
    await importChain(chain(`1. ${a.name} ${a.building} 全天`, `2. ${b.name} 尾号${b.tail} 下午`));
    const response = await SELF.fetch("http://local/api/demo/sync", { method: "POST", headers: auth });
    const body = (await response.json()) as { counts: { errors: number; warnings: number } };
    expect(body.counts).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("refuses a chain for another day with the reason, and writes nothing", async () => {
    await seedDemo(SHEET);
    const [a, b] = (await whoIsFree()).free as [Person, Person];
    const rows = (await signupRows()).length;
    const other = addDays(today(), 3);
    const [, month, day] = other.split("-").map(Number);
    const text = `#接龙\n${month}月${day}日志愿者报名\n1. ${a.name} 全天\n2. ${b.name} 上午`;
    const { status, body } = await importChain(text);
    expect(status).toBe(422);
    expect(body.error.code).toBe("date_mismatch");
    expect(body.error.zh).toContain(other);
    expect(body.error.en).toContain(`import is for ${tomorrow()}`);
    expect(await signupRows()).toHaveLength(rows);

    // The same chain imported for its own day.
    const own = await importChain(text, { query: `?date=${other}` });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ date: other, added: 2 });
  });

  it("takes JSON { text, date } and says when the chain names no date", async () => {
    await seedDemo(SHEET);
    const [a, b] = (await whoIsFree()).free as [Person, Person];
    const { status, body } = await importChain(
      JSON.stringify({ text: `1. ${a.name} 全天\n2. ${b.name}`, date: tomorrow() }),
      {
        contentType: "application/json",
      },
    );
    expect(status).toBe(200);
    expect(body.added).toBe(2);
    expect(body.notes.map((n) => n.code)).toEqual(["no_date", "availability_assumed"]);
    expect(body.dayTotals.all_day).toBeGreaterThan(body.totals.all_day);
  });

  it("keeps formulas as text: in the note of a matched line, and never writes an unmatched one", async () => {
    await seedDemo(SHEET);
    const [a, b] = (await whoIsFree()).free as [Person, Person];
    const rows = (await signupRows()).length;
    const { body } = await importChain(
      chain(
        `1. ${a.name} ${a.building} 全天 =IMPORTXML("http://x","//a")`,
        `2. =HYPERLINK("http://x","${b.name}") 全天`,
      ),
    );
    expect(body.added).toBe(1);
    expect(body.unmatched).toEqual([expect.objectContaining({ lineNumber: 6, code: "unknown_name" })]);
    const formulas = await signupRows("FORMULA");
    expect(formulas).toHaveLength(rows + 1);
    expect(formulas.at(-1)![5]).toBe('接龙导入 chain import: =IMPORTXML("http://x","//a")');
    expect(formulas.some((r) => r.some((cell) => String(cell).includes("HYPERLINK")))).toBe(false);
  });

  it("answers bad pastes clearly and never crashes", async () => {
    await seedDemo(SHEET);
    const rows = (await signupRows()).length;
    const empty = await importChain("  \n \u200b\n");
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("empty_paste");

    const random = await importChain("asdf qwer 天气不错\n🎉🎉🎉\n==+=\n".repeat(20));
    expect(random.status).toBe(422);
    expect(random.body.error.code).toBe("no_entries");
    expect(random.body.error.zh).toContain("没有找到带编号的报名行");

    const manyLines = await importChain(Array.from({ length: 2001 }, (_, i) => `${i + 1}. 胡天宇 全天`).join("\n"));
    expect(manyLines.status).toBe(413);
    expect(manyLines.body.error.code).toBe("paste_too_large");
    expect(manyLines.body.error.en).toContain("2001 lines");

    const huge = await importChain("胡".repeat(250 * 1024));
    expect(huge.status).toBe(413);

    // 2,000 lines is allowed: a long, noisy chain of strangers is answered with one clear refusal.
    const long = Array.from({ length: 2000 }, (_, i) =>
      i % 2 === 0 ? `${(i % 40) + 1}. 胡天宇 25号楼 全天` : `${i + 1}. 路人${i} 全天`,
    ).join("\n");
    const big = await importChain(long);
    expect(big.status).toBe(422);
    expect(big.body.error.code).toBe("foreign_chain");

    const badJson = await importChain("{not json", { contentType: "application/json" });
    expect(badJson.status).toBe(400);
    const badDate = await importChain("1. 胡天宇 全天", { query: "?date=2022-13-01" });
    expect(badDate.body.error.code).toBe("bad_date");
    const farDate = await importChain("1. 胡天宇 全天", { query: `?date=${addDays(today(), 30)}` });
    expect(farDate.body.error.code).toBe("date_out_of_range");
    expect(await signupRows()).toHaveLength(rows);
  });

  it("answers 409 with the structural problem when the Signups tab is gone", async () => {
    await seedDemo(SHEET);
    const meta = (await (await sheetsCall(SHEET, "GET", "?fields=sheets.properties")).json()) as {
      sheets: Array<{ properties: { sheetId: number; title: string } }>;
    };
    const tab = meta.sheets.find((s) => s.properties.title === "报名 Signups")!;
    const deleted = await sheetsCall(SHEET, "POST", ":batchUpdate", {
      requests: [{ deleteSheet: { sheetId: tab.properties.sheetId } }],
    });
    expect(deleted.ok).toBe(true);
    const { status, body } = await importChain(chain("1. 胡天宇 全天"));
    expect(status).toBe(409);
    expect(body.error.code).toBe("sheet_not_ready");
    expect((body as unknown as { problems: Array<{ tab: string }> }).problems).toEqual([
      expect.objectContaining({ tab: "signups" }),
    ]);
  });

  it("refuses a 200 KB paste of thousands of run-on entries with a small answer, adding nothing", async () => {
    await seedDemo(SHEET);
    const before = await signupRows();
    const lines = Array.from({ length: 1800 }, (_, l) =>
      Array.from({ length: 13 }, (_, k) => `${l * 13 + k + 1}. a`).join(" "),
    );
    const response = await SELF.fetch("http://local/api/demo/signups/import", {
      method: "POST",
      headers: { ...auth, "content-type": "text/plain; charset=utf-8" },
      body: ["#接龙 明天", ...lines].join("\n"),
    });
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(text.length).toBeLessThan(4096);
    expect((JSON.parse(text) as ErrorBody).error.code).toBe("too_many_entries");
    expect(await signupRows()).toEqual(before);
  });

  it("needs the organizer token", async () => {
    const response = await SELF.fetch("http://local/api/demo/signups/import", { method: "POST", body: "1. 胡天宇" });
    expect(response.status).toBe(401);
  });
});

describe("the console's 导入接龙 box", () => {
  it("previews what would be added and what not (nothing written), then imports; an empty paste is refused", async () => {
    await seedDemo(SHEET);
    const before = await signupRows();
    const { free } = await whoIsFree();
    const [a, b] = free as [Person, Person];
    const console = await new ConsoleClient().signedIn();
    const day = (await console.open(`/console/${tomorrow()}`)).html;
    expect(day).toContain('action="/console/' + tomorrow() + '/import"');
    const text = chain(
      `1. ${a.name} ${a.building} 全天`,
      `2. ${b.name} ${b.building} 上午`,
      "3. 不认识的人 99号楼 全天",
    );

    const preview = await console.post(`/console/${tomorrow()}/import`, {
      csrf: await console.csrf(tomorrow()),
      step: "preview",
      text,
    });
    expect(preview.status).toBe(200);
    const previewText = textOf(await preview.text());
    expect(previewText).toContain("预览：将添加 2 人");
    expect(previewText).toContain(a.name);
    expect(previewText).toContain("不认识的人");
    expect(previewText).toContain("确认导入 2 人");
    expect(await signupRows()).toEqual(before);

    const imported = await console.post(`/console/${tomorrow()}/import`, {
      csrf: await console.csrf(tomorrow()),
      step: "import",
      text,
    });
    expect(textOf(await imported.text())).toContain("已导入：添加 2 人");
    expect((await signupRows()).length).toBe(before.length + 2);

    const empty = await console.post(`/console/${tomorrow()}/import`, {
      csrf: await console.csrf(tomorrow()),
      step: "preview",
      text: "  ",
    });
    expect(empty.status).toBe(422);
    expect(textOf(await empty.text())).toContain("没有粘贴内容");
  });
});
