/**
 * The console's section with the morning reminder (who has not answered, with their links) and
 * the digest, as the scheduled jobs wrote them: each part in a box with its own copy button, and
 * the reminder's people one by one (a copy button each) for a private message. They are here
 * whether or not a webhook is set, because most compound groups are personal WeChat groups.
 *
 * @example
 * <ConsoleDayTexts t={t} day={day} />
 */
import type { ConsoleDay } from "../services/console-day.ts";
import type { ConsoleTexts } from "./console-texts.ts";

const words = {
  zh: {
    title: "提醒、日报和收工小结",
    reminder: "还没回复的提醒",
    digest: "日报",
    wrapUp: "收工小结",
    part: (i: number, n: number) => `第 ${i}/${n} 段`,
    people: "逐个私信",
    none: "今天还没有提醒、日报或收工小结。",
  },
  en: {
    title: "Reminder, digest and wrap-up",
    reminder: "Reminder of who has not answered",
    digest: "Digest",
    wrapUp: "End-of-day wrap-up",
    part: (i: number, n: number) => `Part ${i} of ${n}`,
    people: "One by one",
    none: "No reminder, digest or wrap-up today yet.",
  },
} as const;

function Parts(props: { t: ConsoleTexts; id: string; parts: string[]; label: (i: number, n: number) => string }) {
  const n = props.parts.length;
  return (
    <>
      {props.parts.map((text, i) => (
        <>
          {n > 1 ? <h3>{props.label(i + 1, n)}</h3> : null}
          <textarea id={`${props.id}-${i + 1}`} readonly rows={8}>
            {text}
          </textarea>
          <p>
            <button
              type="button"
              class="small"
              data-copy-from={`${props.id}-${i + 1}`}
              data-done={props.t.copied}
              hidden
            >
              {props.t.copy}
            </button>
          </p>
        </>
      ))}
    </>
  );
}

export function ConsoleDayTexts(props: { t: ConsoleTexts; day: ConsoleDay }) {
  const { t, day } = props;
  const w = words[t.htmlLang === "en" ? "en" : "zh"];
  const { reminder, digest, wrap_up: wrapUp } = day.dayTexts;
  // The reminder's lines with a link: "3号楼 张三 https://…", one per person.
  const people = reminder.flatMap((part) => part.split("\n").filter((l) => /https?:\/\//.test(l)));
  return (
    <section id="day-texts">
      <h2>{w.title}</h2>
      {reminder.length === 0 && digest.length === 0 && wrapUp.length === 0 ? <p class="hint">{w.none}</p> : null}
      {reminder.length > 0 ? (
        <>
          <h3>{w.reminder}</h3>
          <Parts t={t} id="reminder" parts={reminder} label={w.part} />
          <h3>{w.people}</h3>
          <ul class="people">
            {people.map((line) => (
              <li>
                <span>{line}</span>{" "}
                <button type="button" class="small" data-copy={line} data-done={t.copied} hidden>
                  {t.copy}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {digest.length > 0 ? (
        <>
          <h3>{w.digest}</h3>
          <Parts t={t} id="digest" parts={digest} label={w.part} />
        </>
      ) : null}
      {wrapUp.length > 0 ? (
        <>
          <h3>{w.wrapUp}</h3>
          <Parts t={t} id="wrap-up" parts={wrapUp} label={w.part} />
        </>
      ) : null}
    </section>
  );
}
