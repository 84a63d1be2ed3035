/**
 * The console's 设置 section: the community's language and rules as a plain form (no script
 * needed). A wrong field is refused with the reason; nothing is saved then (src/domain/settings.ts).
 */
import { languageNames, languages } from "../domain/language.ts";
import { settingTexts, type Settings } from "../domain/settings.ts";

type Field = Exclude<keyof Settings, "language">;
const fields: Array<{ key: Field; kind: "number" | "time"; shown: (s: Settings) => string }> = [
  { key: "ageLimit", kind: "number", shown: (s) => String(s.ageLimit) },
  { key: "arriveEarlyMinutes", kind: "number", shown: (s) => String(s.arriveEarlyMinutes) },
  { key: "standbyShare", kind: "number", shown: (s) => String(Math.round(s.standbyShare * 100)) },
  { key: "publishTime", kind: "time", shown: (s) => s.publishTime },
  { key: "chaseTime", kind: "time", shown: (s) => s.chaseTime },
  { key: "digestTime", kind: "time", shown: (s) => s.digestTime },
  { key: "wrapUpTime", kind: "time", shown: (s) => s.wrapUpTime },
];

export function ConsoleSettings(props: { lang: string; settings: Settings; csrf: string; date: string }) {
  const en = props.lang === "en";
  const label = (key: keyof Settings) => (en ? settingTexts[key].label.en : settingTexts[key].label.zh);
  return (
    <section id="settings">
      <h2>{en ? "Settings" : "设置"}</h2>
      <form method="post" action={`/console/${props.date}/settings`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <label>
          {label("language")}{" "}
          <select name="language">
            {languages.map((l) => (
              <option value={l} selected={l === props.settings.language}>
                {languageNames[l]}
              </option>
            ))}
          </select>
        </label>
        {fields.map((f) => (
          <label>
            {label(f.key)}{" "}
            <input
              name={f.key}
              value={f.shown(props.settings)}
              inputmode={f.kind === "number" ? "numeric" : "text"}
              size={6}
              required
            />
          </label>
        ))}
        <p class="hint">
          {en
            ? "The language is what volunteers' pages, the sheet's values, messages and the digest are written in. New times apply from the next day's jobs."
            : "语言决定志愿者页面、表格里系统写的内容、群消息和日报用什么文字。新的时间从下一次定时任务起生效。"}
        </p>
        <button>{en ? "Save settings" : "保存设置"}</button>
      </form>
    </section>
  );
}
