/**
 * The chains in the 接龙粘贴 Paste tab. Organizers paste a chain two ways, and both must read the
 * same: into one cell (double-click, then paste: the cell holds every line), or onto the sheet
 * (select A2, then paste: Google Sheets puts each line in its own row of column A).
 *
 * Explicit rules:
 * - A cell with several lines is a chain by itself.
 * - One-line cells in rows below each other are one chain, read top to bottom; the blank rows
 *   between them are the chain's blank lines.
 * - A one-line chain starts again at a title row ("#接龙", "【接龙】…", "接龙 …") once the rows
 *   above it hold a numbered line: that is the next chain pasted below. The same chain pasted
 *   twice so reads as two imports, and the second adds only who the first did not.
 * - The date typed beside any row of a chain is its date; two different dates beside one chain
 *   are reported, not chosen between.
 * - The result goes beside the chain's first row, unless that row's text is on another row too
 *   (rows are found again by their text): then beside the first row whose text is its own.
 */

/** One non-blank row of the Paste tab, as read. */
export interface PasteRow {
  rowNumber: number;
  /** The row's key (SheetRow.key): its text, which is how the write finds the row again. */
  key: string;
  text: string;
  /** The date typed beside it, as shown; "" when none. */
  date: string;
}

export interface PastedChain {
  /** The rows the chain was read from, top to bottom. */
  rows: number[];
  /** The key of the row whose Result cell reports this chain. */
  resultKey: string;
  text: string;
  /** The different dates typed beside its rows, as shown (none, one, or a conflict). */
  dates: string[];
}

const TITLE = /^\s*(?:#|＃|【)?\s*(?:群)?接龙/u;
// "1." "1、" "(1)" "1️⃣" "１．": a numbered chain line, the sign that a chain has begun.
const NUMBERED = /^\s*[(（]?[\d０-９]{1,4}\s*(?:[.、,，)）:：．]|\uFE0F?\u20E3)/u;

function chain(rows: readonly PasteRow[], keyCount: ReadonlyMap<string, number>): PastedChain {
  const own = rows.find((r) => keyCount.get(r.key) === 1) ?? rows[0]!;
  return {
    rows: rows.map((r) => r.rowNumber),
    resultKey: own.key,
    text: rows.map((r) => r.text).join("\n"),
    dates: [...new Set(rows.map((r) => r.date.trim()).filter((d) => d !== ""))],
  };
}

/**
 * The chains pasted in the tab, in sheet order.
 *
 * @example
 * pastedChains([{ rowNumber: 2, key: "a", text: "#接龙 明天", date: "" }, { rowNumber: 3, key: "b", text: "1. 张伟 全天", date: "" }])
 * // [{ rows: [2, 3], resultKey: "a", text: "#接龙 明天\n1. 张伟 全天", dates: [] }]
 */
export function pastedChains(rows: readonly PasteRow[]): PastedChain[] {
  const filled = rows.filter((r) => r.text.trim() !== "");
  const keyCount = new Map<string, number>();
  for (const r of filled) keyCount.set(r.key, (keyCount.get(r.key) ?? 0) + 1);

  const chains: PastedChain[] = [];
  let run: PasteRow[] = [];
  const close = () => {
    if (run.length > 0) chains.push(chain(run, keyCount));
    run = [];
  };
  for (const row of filled) {
    if (/[\r\n\u2028\u2029]/u.test(row.text.trim())) {
      close();
      chains.push(chain([row], keyCount));
      continue;
    }
    if (TITLE.test(row.text) && run.some((r) => NUMBERED.test(r.text))) close();
    run.push(row);
  }
  close();
  return chains;
}
