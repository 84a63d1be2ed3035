/**
 * A tiny RFC 4180 CSV writer and parser for the workbook templates and demo data.
 *
 * Why our own: the files are small, the rules are few, and both the Worker (emulator seed) and
 * Node (CLI, tests) use it, so a dependency-free module is simpler than a library per runtime.
 * Output is UTF-8 text without a BOM, `\n` line ends, a final `\n`, and quotes only where needed,
 * so committed files diff cleanly. The parser also accepts `\r\n` and a leading BOM, because
 * that is what Excel and WPS save.
 *
 * @example
 * writeCsv([["姓名 Name", "备注 Note"], ["张伟", "说 \"好\", 明天来"]]);
 * // '姓名 Name,备注 Note\n张伟,"说 ""好"", 明天来"\n'
 */

export type CsvParseResult =
  | { ok: true; rows: string[][] }
  | { ok: false; error: { reason: "unterminated_quote" | "stray_quote" | "text_after_quote"; line: number } };

const needsQuotes = /[",\r\n]/;

function writeField(field: string): string {
  return needsQuotes.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function writeRow(row: readonly string[]): string {
  // A row of one empty field would otherwise be a blank line, which readers skip or misread.
  if (row.length === 1 && row[0] === "") return '""';
  return row.map(writeField).join(",");
}

/** Rows to CSV text; every record, the last included, ends with `\n`. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${writeRow(row)}\n`).join("");
}

/**
 * CSV text to rows. Malformed input (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) is an expected failure when people hand us files, so it is a
 * value with the 1-based line where it happened, not an exception.
 */
export function parseCsv(text: string): CsvParseResult {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let line = 1;
  let i = 0;
  // True once the current record has any content, so a trailing newline does not add an empty row.
  let inRecord = false;

  const endField = (): void => {
    row.push(field);
    field = "";
  };
  const endRecord = (): void => {
    endField();
    rows.push(row);
    row = [];
    inRecord = false;
  };

  while (i < src.length) {
    const ch = src[i];
    if (ch === '"') {
      if (field !== "") return { ok: false, error: { reason: "stray_quote", line } };
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= src.length) return { ok: false, error: { reason: "unterminated_quote", line: quoteLine } };
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        field += c;
        i++;
      }
      inRecord = true;
      const after = src[i];
      if (after !== undefined && after !== "," && after !== "\n" && after !== "\r") {
        return { ok: false, error: { reason: "text_after_quote", line } };
      }
      continue;
    }
    if (ch === ",") {
      endField();
      inRecord = true;
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
      continue;
    }
    field += ch;
    inRecord = true;
    i++;
  }
  if (inRecord || field !== "" || row.length > 0) endRecord();
  return { ok: true, rows };
}
