/**
 * The console's view of the day's work (issue 14, parts 3–4): the whole compound's board (zones ×
 * buildings × stages, late ones marked against the workflow's times) and the gate's parcel
 * counts per wave. Read only: the ticks come from the route volunteers' own links.
 */
import { parcelRound, terms } from "../domain/glossary.ts";
import type { ConsoleDay } from "../services/console-day.ts";
import type { Board } from "../domain/progress.ts";
import { BoardTable } from "./day-work.tsx";

/** The board cut by zone, each with its own counts (a phone shows one zone's table at a time). */
function zonesOf(board: Board): Array<Board & { zone: string }> {
  const zones = [...new Set(board.rows.map((r) => r.zone))];
  return zones.map((zone) => {
    const rows = board.rows.filter((r) => r.zone === zone);
    const cells = rows.flatMap((r) => r.cells).filter((c) => c.kind !== "none");
    return {
      zone,
      stages: board.stages,
      rows,
      total: cells.length,
      done: cells.filter((c) => c.kind === "done").length,
      late: cells.filter((c) => c.kind === "late" || (c.kind === "done" && c.late)).length,
    };
  });
}

export function ConsoleBoard(props: { lang: string; day: ConsoleDay; timeZone: string }) {
  const { board, gateTotals } = props.day;
  if (!board) return null;
  const en = props.lang === "en";
  const lang = en ? "en" : "zh";
  return (
    <section id="board">
      <h2>{en ? "Progress" : "当天进度"}</h2>
      <p class="hint">
        {en
          ? `${board.done} of ${board.total} stages done, ${board.late} late against the workflow. Route volunteers tick their own buildings on their links; the sheet's Progress tab mirrors this.`
          : `已完成 ${board.done} / ${board.total} 项，按流程时间晚了 ${board.late} 项。包干志愿者在自己的链接上给楼栋打勾；表格的“进度”页同步显示。`}
      </p>
      {zonesOf(board).map((z) => (
        <details open={z.late > 0 ? true : undefined}>
          <summary>
            {z.zone} ·{" "}
            {en
              ? `${z.done} of ${z.total} done, ${z.late} late`
              : `已完成 ${z.done} / ${z.total} 项，晚了 ${z.late} 项`}
          </summary>
          <BoardTable board={z} lang={lang} timeZone={props.timeZone} />
        </details>
      ))}
      <h2>{en ? "Parcels counted at the gate" : "门口登记的快递"}</h2>
      {gateTotals && gateTotals.length > 0 ? (
        <table>
          <tr>
            <th></th>
            <th class="n">{en ? "Buildings" : "楼栋数"}</th>
            <th class="n">{en ? "Parcels" : "件数"}</th>
            <th class="n">{en ? "Medicine" : "其中药品"}</th>
            <th class="n">{en ? "Cold chain" : "冷链"}</th>
          </tr>
          {gateTotals.map((w) => (
            <tr>
              <td>{parcelRound(w.wave)[lang]}</td>
              <td class="n">{w.buildings}</td>
              <td class="n">{w.count}</td>
              <td class="n">{w.medicine}</td>
              <td class="n">{w.coldChain}</td>
            </tr>
          ))}
        </table>
      ) : (
        <p class="hint">
          {en
            ? `The ${terms.gateCrew.en.toLowerCase()} has entered no counts yet.`
            : `${terms.gateCrew.zh}还没有登记件数。`}
        </p>
      )}
    </section>
  );
}
