/**
 * The day's work on a link page (src/services/day-work.ts): a route volunteer's buildings ×
 * stages with one tap per cell (plain forms, no script), the captain's zone board, the gate
 * crew's count forms and the gate's counts for the volunteer's own buildings.
 */
import { parcelRound } from "../domain/glossary.ts";
import type { Board, CellState } from "../domain/progress.ts";
import type { DayWorkView } from "../services/day-work.ts";
import type { Lang } from "./volunteer-texts.ts";

export const dayWorkTexts = {
  zh: {
    ownTitle: (done: number, total: number) => `今天的进度：已完成 ${done} / ${total} 项`,
    ownHint: "每栋楼做完一项就点一下；点错了 10 分钟内可以撤销。",
    zoneTitle: (zone: string, done: number, total: number) => `${zone}进度：已完成 ${done} / ${total} 项`,
    building: "楼栋",
    done: (time: string) => `${time} 完成`,
    doneLate: (time: string) => `${time} 完成（晚了）`,
    late: "晚了",
    lateMark: "（晚）",
    open: "未完成",
    none: "—",
    tick: "完成",
    undo: "撤销",
    countsTitle: "门口登记的快递",
    countLine: (count: number, medicine: number, coldChain: number) =>
      `${count} 件${medicine > 0 ? `，其中药品 ${medicine}` : ""}${coldChain > 0 ? `，冷链 ${coldChain}` : ""}`,
    gateTitle: (round: string) => `门口登记 · ${round}`,
    gateHint: "每栋楼分拣完填一次；填错了改好再提交一次。药品和冷链是件数的一部分。",
    count: "件数",
    medicine: "其中药品",
    coldChain: "冷链",
    save: "提交",
    saved: (count: number) => `已登记 ${count} 件`,
  },
  en: {
    ownTitle: (done: number, total: number) => `Today's progress: ${done} of ${total} done`,
    ownHint: "Tap each stage when a building is done; a wrong tap can be undone within 10 minutes.",
    zoneTitle: (zone: string, done: number, total: number) => `Progress, ${zone}: ${done} of ${total} done`,
    building: "Building",
    done: (time: string) => `done ${time}`,
    doneLate: (time: string) => `done ${time} (late)`,
    late: "late",
    lateMark: " (late)",
    open: "to do",
    none: "—",
    tick: "Done",
    undo: "Undo",
    countsTitle: "Parcels counted at the gate",
    countLine: (count: number, medicine: number, coldChain: number) =>
      `${count} parcels${medicine > 0 ? `, ${medicine} medicine` : ""}${coldChain > 0 ? `, ${coldChain} cold chain` : ""}`,
    gateTitle: (round: string) => `Gate log · ${round}`,
    gateHint:
      "Enter each building once sorted; to correct, enter it again. Medicine and cold chain are part of the parcels.",
    count: "Parcels",
    medicine: "Medicine",
    coldChain: "Cold chain",
    save: "Save",
    saved: (count: number) => `recorded: ${count}`,
  },
} as const;

type DayTexts = (typeof dayWorkTexts)[Lang];

export function clock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    at,
  );
}

function cellText(cell: CellState, t: DayTexts, timeZone: string): string {
  if (cell.kind === "done") return cell.late ? t.doneLate(clock(cell.at, timeZone)) : t.done(clock(cell.at, timeZone));
  if (cell.kind === "late") return t.late;
  if (cell.kind === "none") return t.none;
  return t.open;
}

/** A board's cell, short enough for five columns on a phone: "✓ 09:12", "晚了", blank to do. */
function boardCell(cell: CellState, t: DayTexts, timeZone: string): string {
  if (cell.kind === "done") return `✓ ${clock(cell.at, timeZone)}${cell.late ? t.lateMark : ""}`;
  if (cell.kind === "late") return t.late;
  if (cell.kind === "none") return t.none;
  return "";
}

const cellClass = (cell: CellState) =>
  cell.kind === "late" || (cell.kind === "done" && cell.late) ? "late" : cell.kind === "done" ? "done" : "";

/** A read-only board: the captain's zone on a link page, the compound in the console. */
export function BoardTable(props: { board: Board; lang: Lang; timeZone: string }) {
  const t = dayWorkTexts[props.lang];
  const { board } = props;
  return (
    <table class="board">
      <tr>
        <th>{t.building}</th>
        {board.stages.map((s) => (
          <th>{props.lang === "zh" ? s.zh : s.en}</th>
        ))}
      </tr>
      {board.rows.map((row) => (
        <tr>
          <td>{row.building}</td>
          {row.cells.map((cell) => (
            <td class={cellClass(cell)}>{boardCell(cell, t, props.timeZone)}</td>
          ))}
        </tr>
      ))}
    </table>
  );
}

export function DayWork(props: { view: DayWorkView; lang: Lang; timeZone: string; action: string; token: string }) {
  const { view, lang, timeZone, action, token } = props;
  const t = dayWorkTexts[lang];
  const own = view.own;
  return (
    <>
      {view.problem ? (
        <section id="work-problem" class="status declined">
          <p class="problem">{lang === "zh" ? view.problem.zh : view.problem.en}</p>
        </section>
      ) : null}
      {own && own.total > 0 ? (
        <section id="work">
          <h2>{t.ownTitle(own.done, own.total)}</h2>
          <p class="hint">{t.ownHint}</p>
          <table class="board">
            {own.rows.map((row) => (
              <>
                <tr>
                  <td colspan={2} class="big">
                    {row.building}
                  </td>
                </tr>
                {row.cells.map((cell, i) => {
                  const stage = own.stages[i]!;
                  if (cell.kind === "none") return null;
                  const undoable = own.undoable.some((u) => u.building === row.building && u.task === stage.task);
                  return (
                    <tr>
                      <td>{lang === "zh" ? stage.zh : stage.en}</td>
                      <td class={cellClass(cell)}>
                        {cell.kind === "done" ? cellText(cell, t, timeZone) : null}
                        {cell.kind !== "done" || undoable ? (
                          <form method="post" action={`${action}/tick`} class="inline">
                            <input type="hidden" name="t" value={token} />
                            <input type="hidden" name="building" value={row.building} />
                            <input type="hidden" name="stage" value={stage.task} />
                            {cell.kind === "done" ? (
                              <button name="do" value="undo" class="small">
                                {t.undo}
                              </button>
                            ) : (
                              <button name="do" value="done" class="small yes">
                                {t.tick}
                                {cell.kind === "late" ? ` · ${t.late}` : ""}
                              </button>
                            )}
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </>
            ))}
          </table>
        </section>
      ) : null}
      {view.counts.length > 0 ? (
        <section id="counts">
          <h2>{t.countsTitle}</h2>
          <table>
            {view.counts.map((c) => (
              <tr>
                <td>
                  {parcelRound(c.wave)[lang]} · {c.building}
                </td>
                <td>
                  {t.countLine(c.count, c.medicine, c.coldChain)}
                  {c.medicine > 0 ? <span class="tag">{t.medicine}</span> : null}
                  {c.coldChain > 0 ? <span class="tag cold">{t.coldChain}</span> : null}
                </td>
              </tr>
            ))}
          </table>
        </section>
      ) : null}
      {view.zone ? (
        <section id="zone-board">
          <h2>{t.zoneTitle(view.zone.name, view.zone.done, view.zone.total)}</h2>
          <BoardTable board={view.zone} lang={lang} timeZone={timeZone} />
        </section>
      ) : null}
      {(view.gate ?? []).map((w) => (
        <section id={`gate-${w.wave}`}>
          <h2>{t.gateTitle(parcelRound(w.wave)[lang])}</h2>
          <p class="hint">{t.gateHint}</p>
          {w.buildings.map((b) => (
            <form method="post" action={`${action}/gate`} class="count">
              <input type="hidden" name="t" value={token} />
              <input type="hidden" name="wave" value={String(w.wave)} />
              <input type="hidden" name="building" value={b.id} />
              <p class="big">
                {b.id}
                {b.recorded ? <span class="hint"> · {t.saved(b.recorded.count)}</span> : null}
              </p>
              <label>
                {t.count}
                <input name="count" inputmode="numeric" value={b.recorded ? String(b.recorded.count) : ""} />
              </label>
              <label>
                {t.medicine}
                <input name="medicine" inputmode="numeric" value={b.recorded ? String(b.recorded.medicine) : ""} />
              </label>
              <label>
                {t.coldChain}
                <input name="cold_chain" inputmode="numeric" value={b.recorded ? String(b.recorded.coldChain) : ""} />
              </label>
              <button class="small">{t.save}</button>
            </form>
          ))}
        </section>
      ))}
    </>
  );
}
