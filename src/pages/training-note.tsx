/**
 * 先培训再分工 on the volunteer's page: someone never trained reads that they go to the morning
 * training first (its time and place, the assembly), and whoever gives it (the briefing lead)
 * reads who the trainees are. The plan says who (`Plan.training`, src/domain/plan/training.ts);
 * roll call records the training done for a trainee checked in by its end (src/services/training.ts),
 * and the page says what it recorded: trained today, or arrived too late to count.
 *
 * @example
 * const note = trainingNote(plan, "V034", names, local);
 * <TrainingNote note={note} lang="zh" />; // 先参加培训 · 07:30–08:00 · 居委会
 */
import type { Plan } from "../domain/plan/index.ts";
import { terms } from "../domain/glossary.ts";
import type { Lang } from "./volunteer-texts.ts";

export type TrainingNoteView =
  /** `over`: the training had ended when the page was opened (a standby called in later). */
  | { role: "trainee"; start: string; end: string; place: string | null; over: boolean }
  | { role: "trainer"; start: string; end: string; place: string | null; trainees: string[] };

/** What the page says about training for this volunteer, or null when it says nothing. */
export function trainingNote(
  plan: Plan,
  volunteerId: string,
  names: Readonly<Record<string, string>>,
  local: (text: string) => string,
  /** Whether the day's training has ended by now (the caller knows the date and the clock). */
  ended: (end: string) => boolean = () => false,
): TrainingNoteView | null {
  const t = plan.training;
  if (!t) return null;
  const base = { start: t.start, end: t.end, place: t.place === null ? null : local(t.place) };
  if (t.traineeIds.includes(volunteerId)) return { role: "trainee", ...base, over: ended(t.end) };
  if (t.trainerIds.includes(volunteerId)) {
    return { role: "trainer", ...base, trainees: t.traineeIds.map((id) => names[id] ?? id) };
  }
  return null;
}

const texts = {
  zh: {
    trainee: `先参加${terms.training.zh}，再上岗`,
    traineeWhy: (end: string) => `你还没参加过培训：请按时到，培训后再去自己的岗位。最晚 ${end} 签到，就算参加过培训。`,
    // A standby called in after the training: their captain shows them the work instead.
    lateTitle: `${terms.training.zh}已经结束：先找${terms.captain.zh}，再上岗`,
    lateWhy: `你还没参加过培训。到了以后先找${terms.captain.zh}讲一遍怎么做，再去自己的岗位。`,
    // Checked in by the training's end: trained (培训日期 is written).
    doneTitle: `今天的${terms.training.zh}你已参加`,
    // Recorded on an earlier day (a plan made before that training still lists them).
    doneBeforeTitle: `你已经参加过${terms.training.zh}`,
    done: "以后值班不用再参加培训。现在去自己的岗位。",
    // Checked in after it ended: not trained; next time they are sent to training again.
    missedTitle: `你到的时候${terms.training.zh}已经结束`,
    missed: (end: string) =>
      `最晚 ${end} 签到才算参加过培训，这次不算。先找${terms.captain.zh}讲一遍怎么做，再去自己的岗位；下次值班还要先参加培训。`,
    trainer: `今天的${terms.training.zh}由你来带`,
    trainees: (n: number) => `参加培训的人（${n} 人）：`,
    list: "、",
  },
  en: {
    trainee: `${terms.training.en} first, then your duty`,
    traineeWhy: (end: string) =>
      `You have not been trained yet: come on time, and go to your duty after the training. Checking in by ${end} counts as trained.`,
    lateTitle: `${terms.training.en} is over: see your ${terms.captain.en.toLowerCase()} first`,
    lateWhy:
      "You have not been trained yet. When you arrive, ask your captain to show you the work first, then go to your duty.",
    doneTitle: `You attended today's ${terms.training.en.toLowerCase()}`,
    doneBeforeTitle: `You have had the ${terms.training.en.toLowerCase()} already`,
    done: "You will not be sent to training again. Go to your duty now.",
    missedTitle: `The ${terms.training.en.toLowerCase()} was over when you arrived`,
    missed: (end: string) =>
      `Only checking in by ${end} counts as trained, so this time does not. Ask your captain to show you the work, then go to your duty; next time you will be sent to training first.`,
    trainer: `You lead today's ${terms.training.en.toLowerCase()}`,
    trainees: (n: number) => `Trainees (${n}): `,
    list: ", ",
  },
} as const;

/**
 * A trainee's training as roll call recorded it (the `training` table, which the sheet's 培训日期
 * copies), not as the mark stands now: the first check-in by the training's end records it, and a
 * captain's later correction (未到, then 到 at 08:20) neither undoes it nor makes it "missed".
 * "done" (recorded; once it is over), "missed" (checked in, not recorded, and it has ended),
 * "over" (not checked in, and it has ended), or "ahead".
 */
export function traineeState(
  note: Extract<TrainingNoteView, { role: "trainee" }>,
  arrival: { present: boolean; time: string } | null | undefined,
  recorded: boolean | "before",
): "ahead" | "over" | "done" | "missed" {
  // Trained on an earlier day (a plan made before then still lists them): nothing to attend.
  if (recorded === "before") return "done";
  if (recorded) return note.over ? "done" : "ahead";
  if (arrival?.present) return note.over ? "missed" : "ahead";
  return note.over ? "over" : "ahead";
}

export function TrainingNote({
  note,
  lang,
  arrival,
  date,
  trainedOn,
}: {
  note: TrainingNoteView;
  lang: Lang;
  /** The owner's roll-call mark ("07:42"), when there is one. */
  arrival?: { present: boolean; time: string } | null;
  /** The plan's date. */
  date: string;
  /** The day roll call recorded the owner trained (培训日期), or null. */
  trainedOn?: string | null;
}) {
  const t = texts[lang];
  const when = `${note.start}–${note.end}${note.place ? ` · ${note.place}` : ""}`;
  // A record dated after this plan's day says nothing about this day's training.
  const recorded = trainedOn == null || trainedOn > date ? false : trainedOn < date ? "before" : true;
  const state = note.role === "trainee" ? traineeState(note, arrival, recorded) : null;
  if (state === "done" || state === "missed") {
    const doneTitle = trainedOn === date ? t.doneTitle : t.doneBeforeTitle;
    return (
      <section class="training" data-training={`trainee-${state}`}>
        <h2>{state === "done" ? doneTitle : t.missedTitle}</h2>
        <p>{state === "done" ? t.done : t.missed(note.end)}</p>
      </section>
    );
  }
  if (state === "over") {
    return (
      <section class="training" data-training="trainee-late">
        <h2>{t.lateTitle}</h2>
        <p>{t.lateWhy}</p>
      </section>
    );
  }
  return (
    <section class="training" data-training={note.role}>
      <h2>{note.role === "trainee" ? t.trainee : t.trainer}</h2>
      <p class="big">{when}</p>
      {note.role === "trainee" ? (
        <p>{t.traineeWhy(note.end)}</p>
      ) : (
        <p>
          {t.trainees(note.trainees.length)}
          {note.trainees.join(t.list)}
        </p>
      )}
    </section>
  );
}
