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
    expect(html).toContain(`name="value" value="TRUE"`);
    expect(html).toContain("保存 Save");
  });
});
