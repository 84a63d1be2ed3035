/**
 * The roll call on link pages (src/services/roll-call.ts): a zone captain's page lists everyone on
 * the zone's routes with 到 / 未到, each a plain form (no script: WeChat's browser on a cheap
 * phone); anyone else on the day's plan gets one 我到了 button. Only shown once the roll call is
 * open (30 minutes before assembly).
 */
import type { Texts } from "./volunteer-texts.ts";

export interface RollCallView {
  /** The captain's zone, and its people with their marks (time "07:12", or absent). */
  zone: string | null;
  people: Array<{
    id: string;
    name: string;
    mark: { present: boolean; time: string } | null;
    /** Marked 未到 and not refilled yet: the captain can call in a standby. */
    canRefill?: boolean;
    /** The name of whoever the refill would call in (src/services/replan-day.ts), shown on the button. */
    offer?: string | null;
  }>;
  /** Who took a no-show's duty: to call now, with a copy-ready private message. */
  calls?: Array<{ absent: string; name: string; phone: string | null; message: string }>;
  /** The zone's buildings nobody walks now (no standby was left). */
  uncovered?: string[];
  /** For each uncovered building, the nearest route volunteer of the zone who could add it. */
  helpers?: Array<{ building: string; name: string; from: string; present: boolean }>;
  /** The page owner's own mark. */
  own: { present: boolean; time: string } | null;
  action: string;
  token: string;
}

export function RollCall({ view, t }: { view: RollCallView; t: Texts }) {
  const markText = (m: { present: boolean; time: string } | null) =>
    m === null ? t.rollNotYet : m.present ? t.rollArrived(m.time) : t.rollAbsent;
  if (view.zone === null) {
    return (
      <section id="roll" class="status">
        {view.own?.present ? (
          <p class="big">{markText(view.own)}</p>
        ) : (
          <form method="post" action={`${view.action}/here`}>
            <input type="hidden" name="t" value={view.token} />
            <button class="yes">{t.rollHere}</button>
          </form>
        )}
      </section>
    );
  }
  const arrived = view.people.filter((p) => p.mark?.present).length;
  return (
    <section id="roll">
      <h2>{t.rollTitle(view.zone, arrived, view.people.length)}</h2>
      <table>
        {view.people.map((p) => (
          <tr>
            <td>{p.name}</td>
            <td>{markText(p.mark)}</td>
            <td>
              <form method="post" action={`${view.action}/roll`} class="inline">
                <input type="hidden" name="t" value={view.token} />
                <input type="hidden" name="volunteer" value={p.id} />
                <button name="mark" value="present" class="small">
                  {t.rollPresent}
                </button>
                <button name="mark" value="absent" class="small">
                  {t.rollMarkAbsent}
                </button>
              </form>
              {p.canRefill ? (
                <form method="post" action={`${view.action}/refill`} class="inline">
                  <input type="hidden" name="t" value={view.token} />
                  <input type="hidden" name="volunteer" value={p.id} />
                  <button class="small yes">{t.rollRefill(p.offer ?? null)}</button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </table>
      {(view.calls ?? []).length > 0 ? (
        <>
          <h2>{t.rollCallNow}</h2>
          {view.calls!.map((k) => (
            <div class="call">
              <p class="big">
                {k.name} {k.phone ? <a href={`tel:${k.phone}`}>{k.phone}</a> : null}
              </p>
              <p class="hint">{k.message}</p>
            </div>
          ))}
        </>
      ) : null}
      {(view.uncovered ?? []).length > 0 ? <p class="problem">{t.rollUncovered(view.uncovered!)}</p> : null}
      {(view.helpers ?? []).map((h) => (
        <p class="hint">{t.rollNearest(h)}</p>
      ))}
    </section>
  );
}
