/**
 * The emulator's grid page: it must work without JavaScript (links and one POST form), put
 * Chinese before English, and escape whatever organizers typed into cells.
 */
import { describe, expect, it } from "vitest";
import { EmulatorGridPage } from "../../src/pages/emulator-grid.tsx";
import { newModel } from "./support/emulator-model.ts";

async function render(tab: string, cell?: string): Promise<string> {
  const model = newModel([
    {
      title: "志愿者 Volunteers",
      frozenRowCount: 1,
      rows: [
        ["编号 ID", "在岗 Active"],
        ["<b>V1</b>", "TRUE"],
      ],
    },
    { title: "Plan" },
  ]);
  model.batchUpdate({
    requests: [
      {
        setDataValidation: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 1, endColumnIndex: 2 },
          rule: {
            condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "TRUE" }, { userEnteredValue: "FALSE" }] },
          },
        },
      },
    ],
  });
  return String(await EmulatorGridPage(model.gridPageProps({ tab, cell: cell ?? null })).toString());
}

describe("EmulatorGridPage", () => {
  it("links every tab and every cell with query parameters only", async () => {
    const html = await render("志愿者 Volunteers");
    expect(html).toContain(`href="?spreadsheet=test-sheet&amp;tab=Plan"`);
    expect(html).toContain(`href="?spreadsheet=test-sheet&amp;tab=%E5%BF%97%E6%84%BF%E8%80%85+Volunteers&amp;cell=B2"`);
    expect(html).not.toContain("<script");
  });

  it("marks the frozen header row and shows allowed values of validated cells", async () => {
    const html = await render("志愿者 Volunteers");
    expect(html).toMatch(/<tr class="frozen">/);
    expect(html).toContain(`title="可选值 Allowed: TRUE, FALSE"`);
  });

  it("escapes cell text", async () => {
    const html = await render("志愿者 Volunteers");
    expect(html).toContain("&lt;b&gt;V1&lt;/b&gt;");
    expect(html).not.toContain("<b>V1</b>");
  });

  it("pre-fills a POST form for the selected cell with Chinese-first labels", async () => {
    const html = await render("志愿者 Volunteers", "B2");
    expect(html).toContain(`<form class="edit" method="post" action="/emulator/edit">`);
    expect(html).toContain(`name="cell" value="B2"`);
    expect(html).toContain(`name="tab" value="志愿者 Volunteers"`);
    expect(html).toMatch(/<textarea id="cell-value" name="value" rows="3" autofocus="">\s*TRUE<\/textarea>/);
    expect(html).toContain("保存 Save");
  });
});

/** A Paste tab as sheet:init leaves it: its Result column protected, a chain in one cell. */
async function renderProtected(tab: string, cell?: string): Promise<string> {
  const model = newModel([
    {
      title: "接龙粘贴 Paste",
      frozenRowCount: 1,
      rows: [
        ["接龙内容 Chain text", "日期 Date", "导入结果 Result"],
        ["#接龙 明天\n1. 唐晓雯 全天\n2. 陈一鸣 上午", "", "新增 2 人"],
      ],
    },
    { title: "计划 Plan", rows: [["日期 Date"]] },
  ]);
  const note = "ZoneCrew 系统维护，请勿手动修改 · System-owned, do not edit";
  model.batchUpdate({
    requests: [
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId: 0, startColumnIndex: 2, endColumnIndex: 3 },
            description: note,
            warningOnly: true,
          },
        },
      },
      { addProtectedRange: { protectedRange: { range: { sheetId: 1 }, description: note, warningOnly: true } } },
    ],
  });
  return String(await EmulatorGridPage(model.gridPageProps({ tab, cell: cell ?? null })).toString());
}

describe("EmulatorGridPage: protection as sheet:init stores it", () => {
  it("says a system tab is protected whole", async () => {
    const html = await renderProtected("计划 Plan");
    expect(html).toContain("整张工作表受保护，由系统写入");
    expect(html).not.toContain(`class="protected"`);
  });

  it("marks only the protected Check-like column of an organizer tab, and says the rest is editable", async () => {
    const html = await renderProtected("接龙粘贴 Paste");
    expect(html).not.toContain("整张工作表受保护");
    expect(html).toContain("🔒 C 列（导入结果 Result）受保护，由系统写入，请不要手动修改；其余格子可以编辑。");
    expect(html).toMatch(/<th scope="col" class="protected"[^>]*>C 🔒<\/th>/);
    // Column C is shaded in every displayed row, A and B in none.
    expect(html.match(/<td class="protected"/g)?.length).toBe(html.match(/<tr/g)!.length - 1);
    expect(html).toMatch(/<td><a href="[^"]*cell=A2"/);
    expect(html).toMatch(/<td><a href="[^"]*cell=B2"/);
    expect(html).toMatch(/<td class="protected"><a href="[^"]*cell=C2"/);
  });

  it("keeps a cell's line breaks, in the cell and in the edit box", async () => {
    const html = await renderProtected("接龙粘贴 Paste", "A2");
    expect(html).toContain(">#接龙 明天\n1. 唐晓雯 全天\n2. 陈一鸣 上午</a>");
    expect(html).toContain(`rows="4" autofocus="">\n#接龙 明天\n1. 唐晓雯 全天\n2. 陈一鸣 上午</textarea>`);
    expect(html).toContain("white-space: pre;");
  });
});
