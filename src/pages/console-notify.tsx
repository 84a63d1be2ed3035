/**
 * The console's 需要通知 section: everyone whose duty changed after publishing and has not
 * confirmed the new one, each with a private message to copy into a one-to-one chat (most
 * compound groups are personal WeChat groups: no bot can tell them). Below it, the explicit way
 * to plan the day anew, which may move people who already confirmed.
 *
 * @example
 * <ConsoleNotify t={t} day={day} csrf={csrf} />
 */
import type { ConsoleDay } from "../services/console-day.ts";
import type { ConsoleTexts } from "./console-texts.ts";

const words = {
  zh: {
    title: "需要通知",
    none: "发布后没有人的岗位变化，无需单独通知。",
    help: "这些人的岗位在发布后变了，还没有重新确认。请把下面的话私信给每个人。",
    was: "原来",
    now: "现在",
    fresh: "重新排班（可能调动已确认的人）",
    freshHelp: "只在确实需要时使用：按表格重新排整天的班，已确认的人也可能被调动，每个变化的人都要重新确认。",
  },
  en: {
    title: "To notify",
    none: "Nobody's duty changed since publishing: nobody to tell.",
    help: "These people's duty changed after publishing and they have not confirmed it yet. Send each the message below in a private chat.",
    was: "Was",
    now: "Now",
    fresh: "Plan the day anew (may move people who confirmed)",
    freshHelp:
      "Only when really needed: plans the whole day again from the sheet; people who confirmed may move, and everyone who changes must confirm again.",
  },
} as const;

export function ConsoleNotify(props: { t: ConsoleTexts; day: ConsoleDay; csrf: string }) {
  const { t, day } = props;
  if (!day.plan?.published) return null;
  const lang = t.htmlLang === "en" ? "en" : "zh";
  const w = words[lang];
  return (
    <section id="notify">
      <h2>{w.title}</h2>
      {day.notify.length === 0 ? (
        <p class="hint">{w.none}</p>
      ) : (
        <>
          <p class="hint">{w.help}</p>
          <ul class="people">
            {day.notify.map((p) => (
              <li data-volunteer={p.id}>
                <div class="who">
                  <span class="name">{p.name}</span>
                  {p.before ? (
                    <span class="sub">
                      {w.was} {p.before[lang]}
                    </span>
                  ) : null}
                  <span class="sub">
                    {w.now} {p.after[lang]}
                  </span>
                </div>
                <textarea id={`notify-${p.id}`} readonly rows={3}>
                  {p.message}
                </textarea>
                <button type="button" class="small" data-copy-from={`notify-${p.id}`} data-done={t.copied} hidden>
                  {t.copy}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <form class="action" method="post" action={`/console/${day.date}/generate?mode=fresh`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <button type="submit">{w.fresh}</button>
      </form>
      <p class="hint">{w.freshHelp}</p>
    </section>
  );
}
