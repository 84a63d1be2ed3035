/**
 * The console's 导入接龙 box (issue 15, part 6): paste the group's chain, preview what would be
 * added and what would not (each line with its reason), then import, so nobody needs curl. Plain
 * forms; the preview page carries the pasted text to its 确认导入 button.
 */
import { raw } from "hono/html";
import type { ChainImportReport } from "../domain/chain/import.ts";

export function ConsoleImportBox(props: { lang: string; date: string; csrf: string }) {
  const en = props.lang === "en";
  return (
    <section id="import">
      <h2>{en ? "Import the group's sign-up chain" : "导入接龙"}</h2>
      <form method="post" action={`/console/${props.date}/import`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="step" value="preview" />
        <label>
          {en ? `Paste the whole chain message for ${props.date}:` : `把群里 ${props.date} 的接龙整段粘贴到这里：`}
          <textarea name="text" rows={6} required></textarea>
        </label>
        <button>{en ? "Preview" : "预览"}</button>
      </form>
    </section>
  );
}

export type ImportView =
  | { kind: "report"; step: "preview" | "import"; report: ChainImportReport }
  | { kind: "refused"; zh: string; en: string; lines: Array<{ line: string; zh: string; en: string }> };

/** The preview (or the import's result): who would be added, who is there already, what is not read and why. */
export function ConsoleImportResult(props: {
  lang: string;
  date: string;
  csrf: string;
  text: string;
  view: ImportView;
}) {
  const en = props.lang === "en";
  const say = (t: { zh: string; en: string }) => (en ? t.en : t.zh);
  const v = props.view;
  if (v.kind === "refused") {
    return (
      <section id="import-result" class="flash fail">
        <h2>{en ? "Not imported" : "没有导入"}</h2>
        <p>{say(v)}</p>
        <ul>
          {v.lines.map((l) => (
            <li>
              {l.line} — {say(l)}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const r = v.report;
  const preview = v.step === "preview";
  const issues = [...r.unmatched, ...r.ignored];
  return (
    <section id="import-result" class={preview ? "" : "flash ok"}>
      <h2>
        {preview
          ? en
            ? `Preview: ${r.added} would be added`
            : `预览：将添加 ${r.added} 人`
          : en
            ? `Imported: ${r.added} added`
            : `已导入：添加 ${r.added} 人`}
      </h2>
      <p>{say(r.summary)}</p>
      {r.addedRows.length > 0 ? (
        <>
          <h3>{en ? (preview ? "Would be added" : "Added") : preview ? "将添加" : "已添加"}</h3>
          <ul class="people">
            {r.addedRows.map((a) => (
              <li>
                {a.name} · {a.availability}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.alreadyPresentRows.length > 0 ? (
        <p class="hint">
          {en ? "Already on the Signups tab: " : "报名表里已经有："}
          {r.alreadyPresentRows.map((a) => a.name).join(en ? ", " : "、")}
        </p>
      ) : null}
      {issues.length > 0 ? (
        <>
          <h3>{en ? "Not imported, and why" : "不导入的行和原因"}</h3>
          <ul>
            {issues.map((l) => (
              <li>
                {raw("&ldquo;")}
                {l.line}
                {raw("&rdquo;")} — {say(l)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.notes.length > 0 ? (
        <ul class="hint">
          {r.notes.map((n) => (
            <li>{say(n)}</li>
          ))}
        </ul>
      ) : null}
      {preview && r.added > 0 ? (
        <form method="post" action={`/console/${props.date}/import`}>
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="step" value="import" />
          <input type="hidden" name="text" value={props.text} />
          <button class="primary">{en ? `Import ${r.added}` : `确认导入 ${r.added} 人`}</button>
        </form>
      ) : null}
      <p>
        <a href={`/console/${props.date}`}>{en ? "Back to the day" : "回到这一天"}</a>
      </p>
    </section>
  );
}
