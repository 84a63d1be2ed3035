/**
 * The console's roll call (issue 14, part 1): the same 到 / 未到 the zone captains mark on their
 * link pages, per zone and for the fixed posts (then any standby with a mark), with the count of
 * who is here. Plain forms. A no-show's refill button names the standby it would call in
 * ("请张三顶替") before the tap.
 */
import type { ConsoleDay } from "../services/console-day.ts";
import { texts } from "./volunteer-texts.ts";

/** The refill button names the standby it would call in, as on the captain's page. */
const refillLabel = (offer: string | null, en: boolean): string => texts[en ? "en" : "zh"].rollRefill(offer);

export function ConsoleRollCall(props: { lang: string; day: ConsoleDay; csrf: string }) {
  const groups = props.day.rollCall;
  if (!groups || groups.length === 0) return null;
  const en = props.lang === "en";
  const markText = (m: { present: boolean; time: string } | null) =>
    m === null
      ? en
        ? "not yet"
        : "还没点"
      : m.present
        ? en
          ? `here at ${m.time}`
          : `${m.time} 到`
        : en
          ? "absent"
          : "未到";
  return (
    <section id="roll-call">
      <h2>{en ? "Roll call" : "点名"}</h2>
      <p class="hint">
        {en
          ? "Zone captains mark the same list on their own link page from 30 minutes before the assembly; volunteers can tap “I'm here”."
          : "集合前 30 分钟起，各区队长在自己的链接页面点同一张名单；志愿者也可以自己点“我到了”。"}
      </p>
      {groups.map((g) => {
        const here = g.people.filter((p) => p.mark?.present).length;
        return (
          <details open={g.people.some((p) => p.mark === null) ? true : undefined}>
            <summary>
              {g.group} · {en ? `${here} of ${g.people.length} here` : `已到 ${here} / ${g.people.length} 人`}
            </summary>
            <table>
              {g.people.map((p) => (
                <tr>
                  <td>{p.name}</td>
                  <td>{markText(p.mark)}</td>
                  <td>
                    <form method="post" action={`/console/${props.day.date}/roll`} class="inline">
                      <input type="hidden" name="csrf" value={props.csrf} />
                      <input type="hidden" name="volunteer" value={p.id} />
                      <button name="mark" value="present">
                        {en ? "Here" : "到"}
                      </button>
                      <button name="mark" value="absent">
                        {en ? "Absent" : "未到"}
                      </button>
                    </form>
                    {p.mark && !p.mark.present && !p.refilled && !p.standby ? (
                      <form method="post" action={`/console/${props.day.date}/refill`} class="inline">
                        <input type="hidden" name="csrf" value={props.csrf} />
                        <input type="hidden" name="volunteer" value={p.id} />
                        <button>{refillLabel(p.offer ?? null, en)}</button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </table>
          </details>
        );
      })}
    </section>
  );
}
