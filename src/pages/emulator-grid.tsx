/**
 * The local emulator's stand-in for the Google Sheets UI: one tab as a table, a tab strip, and
 * a one-cell edit form. Plain links and a POST form, no JavaScript, so it works in any browser
 * and in tests that only read HTML. Local only: the route does not exist in production.
 *
 * A cell may hold several lines (a WeChat chain pasted into the Paste tab's one cell): the cell
 * shows its line breaks and the edit box is a textarea. Protection is shown where it is: a whole
 * system tab, or the system-owned columns of an organizer tab (see ../emulator/grid-view.ts).
 *
 * @example
 * c.html(<EmulatorGridPage {...model.gridPageProps({ tab: c.req.query("tab"), cell: c.req.query("cell") })} />)
 */
import { raw } from "hono/html";
import type { EmulatorGridProps } from "../emulator/grid-view.ts";
import { columnToLetters as columnLetters } from "../sheets/a1.ts";

export type { EmulatorGridProps };

function pageHref(spreadsheetId: string, tab: string, cell?: string): string {
  const q = new URLSearchParams({ spreadsheet: spreadsheetId, tab });
  if (cell) q.set("cell", cell);
  return `?${q.toString()}`;
}

export const gridStyle = `
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1rem; color: #202124; }
h1 { font-size: 1.2rem; margin: 0 0 .5rem; }
nav.tabs { display: flex; flex-wrap: wrap; gap: .25rem; margin: .5rem 0; }
nav.tabs a { padding: .25rem .6rem; border: 1px solid #dadce0; border-radius: 4px 4px 0 0; text-decoration: none; color: #202124; }
nav.tabs a[aria-current="page"] { background: #e8f0fe; border-color: #1a73e8; font-weight: 600; }
.grid { overflow: auto; max-height: 70vh; border: 1px solid #dadce0; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #e0e0e0; padding: 0; white-space: pre; max-width: 16rem; overflow: hidden; text-overflow: ellipsis; vertical-align: top; }
th { background: #f8f9fa; color: #5f6368; font-weight: normal; padding: .15rem .4rem; position: sticky; top: 0; }
th.row { position: sticky; left: 0; text-align: right; }
td a { display: block; padding: .15rem .4rem; min-height: 1.1rem; max-height: 8.5em; overflow: hidden; color: inherit; text-decoration: none; }
td a:hover { background: #f1f3f4; }
tr.frozen td { background: #fef7e0; font-weight: 600; }
td.validated a { border-bottom: 2px dotted #1a73e8; }
td.selected { outline: 2px solid #1a73e8; outline-offset: -2px; }
td.protected, th.protected { background: repeating-linear-gradient(135deg, #f1f3f4 0 6px, #e8eaed 6px 12px); }
tr.frozen td.protected { background: #fde7c4; }
form.edit { display: flex; gap: .5rem; align-items: flex-start; margin: .75rem 0; }
form.edit textarea { flex: 1; max-width: 40rem; padding: .3rem; font: inherit; }
.muted { color: #5f6368; font-size: .85rem; }
`;

/** The edit box grows with the cell's lines (a pasted chain), within reason. */
function editRows(text: string): number {
  return Math.min(20, Math.max(3, text.split("\n").length + 1));
}

/** HTML drops one newline right after <textarea>: give it this one, so a cell's own first line break stays. */
function editBoxText(text: string): string {
  return `\n${text}`;
}

/**
 * What is protected on this tab, as sheet:init set it: the whole tab (system tabs), or some
 * columns (the Check column of an organizer tab) while the rest is the organizers' to edit.
 */
function ProtectionNotice(props: EmulatorGridProps) {
  if (props.protectedTab) {
    return (
      <p class="muted">
        整张工作表受保护，由系统写入，请不要手动修改。This whole tab is protected: the system writes it.
      </p>
    );
  }
  const columns = props.protectedColumns;
  const ranges = props.protectedRanges;
  if (columns.length === 0 && ranges.length === 0) return null;
  const zh = [
    ...columns.map((c) => (c.header ? `${c.letter} 列（${c.header}）` : `${c.letter} 列`)),
    ...ranges.map((r) => `${r} 区域`),
  ].join("、");
  const en = [
    ...columns.map((c) => (c.header ? `column ${c.letter} (${c.header})` : `column ${c.letter}`)),
    ...ranges,
  ].join(", ");
  return (
    <p class="muted">
      {`🔒 ${zh}受保护，由系统写入，请不要手动修改；其余格子可以编辑。`}
      {` Protected, the system writes it: ${en}. The other cells are yours to edit.`}
    </p>
  );
}

export function EmulatorGridPage(props: EmulatorGridProps) {
  const { spreadsheetId, tab, rows, frozenRowCount, allowed, selected } = props;
  const width = rows[0]?.length ?? 0;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{`${props.spreadsheetTitle} - ${tab} · 表格模拟器 Sheets emulator`}</title>
        <style>{raw(gridStyle)}</style>
      </head>
      <body>
        <h1>
          {props.spreadsheetTitle} <span class="muted">表格模拟器 Sheets emulator · {spreadsheetId}</span>
        </h1>
        <nav class="tabs" aria-label="工作表 Tabs">
          {props.tabs.map((t) => (
            <a href={pageHref(spreadsheetId, t)} aria-current={t === tab ? "page" : undefined}>
              {t}
            </a>
          ))}
        </nav>
        <ProtectionNotice {...props} />

        {selected ? (
          <form class="edit" method="post" action="/emulator/edit">
            <input type="hidden" name="spreadsheet" value={spreadsheetId} />
            <input type="hidden" name="tab" value={tab} />
            <input type="hidden" name="cell" value={selected.cell} />
            <label for="cell-value">
              编辑 Edit <strong>{selected.cell}</strong>
            </label>
            <textarea id="cell-value" name="value" rows={editRows(selected.text)} autofocus>
              {editBoxText(selected.text)}
            </textarea>
            <button type="submit">保存 Save</button>
            <a href={pageHref(spreadsheetId, tab)}>取消 Cancel</a>
          </form>
        ) : (
          <p class="muted">点击单元格进行编辑 Click a cell to edit it.</p>
        )}

        <div class="grid">
          <table>
            <thead>
              <tr>
                <th class="row" scope="col">
                  <span class="muted">行 Row</span>
                </th>
                {Array.from({ length: width }, (_, c) => {
                  const locked = props.protectedColumns.some((p) => p.index === c);
                  return locked ? (
                    <th
                      scope="col"
                      class="protected"
                      title="受保护的列，由系统写入 Protected column: the system writes it"
                    >
                      {columnLetters(c)} 🔒
                    </th>
                  ) : (
                    <th scope="col">{columnLetters(c)}</th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((line, r) => (
                <tr class={r < frozenRowCount ? "frozen" : undefined}>
                  <th class="row" scope="row">
                    {r + 1}
                  </th>
                  {line.map((text, c) => {
                    const a1 = `${columnLetters(c)}${r + 1}`;
                    const options = allowed[a1];
                    const classes = [
                      options ? "validated" : "",
                      selected?.cell === a1 ? "selected" : "",
                      props.protectedCells[a1] ? "protected" : "",
                    ]
                      .filter(Boolean)
                      .join(" ");
                    return (
                      <td
                        class={classes || undefined}
                        title={options ? `可选值 Allowed: ${options.join(", ")}` : undefined}
                      >
                        <a href={pageHref(spreadsheetId, tab, a1)}>{text}</a>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="muted">
          网格 Grid: {props.gridSize.rows} 行 rows × {props.gridSize.columns} 列 columns · 公式不计算，显示 #NAME?
          Formulas are stored, not computed (#NAME?).
        </p>
      </body>
    </html>
  );
}

/**
 * The grid page to someone not signed in: the sheet holds every volunteer's phone number, so it
 * asks for the console's sign-in first, then a way back here (`openHref`, through the console's
 * path where its cookie is sent; see src/emulator/admin-access.ts).
 *
 * @example
 * c.html(<EmulatorSignInPage openHref="/console/emulator/open?tab=..." community="demo" />, 401)
 */
export function EmulatorSignInPage(props: { openHref: string; community: string }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>请先登录 Sign in first · 表格模拟器 Sheets emulator</title>
        <style>{raw(gridStyle)}</style>
      </head>
      <body>
        <h1>
          请先登录 <span class="muted">Sign in first · 表格模拟器 Sheets emulator</span>
        </h1>
        <p>这张表里有每位志愿者的电话，只给组织者看。请先在组织者控制台登录，登录好了再回到这里打开表格。</p>
        <p lang="en">
          This sheet holds every volunteer's phone number, so only organizers may see it. Sign in at the organizer
          console first, then come back here and open the sheet.
        </p>
        <ol>
          <li>
            <a href="/console">到控制台登录 Sign in at the console</a>
            <span class="muted">
              {` 小区填 ${props.community}，口令在 .dev.vars 里 · community ${props.community}, token in .dev.vars`}
            </span>
          </li>
          <li>
            <a href={props.openHref}>登录好了，打开表格 Signed in: open the sheet</a>
          </li>
        </ol>
        <p class="muted">
          {"用脚本也行：请求头写 Authorization: Bearer <口令>。 From a script: send Authorization: Bearer <token>."}
        </p>
      </body>
    </html>
  );
}
