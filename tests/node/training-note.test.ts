/**
 * The trainee's training note (src/pages/training-note.tsx) says what roll call recorded (the
 * `training` table, copied to 培训日期), never what the mark says after a later correction: the
 * two must agree, or the page tells someone the sheet calls trained to come to training again.
 */
import { describe, expect, it } from "vitest";
import { TrainingNote, traineeState, type TrainingNoteView } from "../../src/pages/training-note.tsx";

const note = (over: boolean): Extract<TrainingNoteView, { role: "trainee" }> => ({
  role: "trainee",
  start: "07:30",
  end: "08:00",
  place: "居委会",
  over,
});

describe("a trainee's training state", () => {
  it("follows the training record, not the mark as it stands now", () => {
    // Recorded at 07:50; the mark now reads 08:20 (corrected), or 未到.
    expect(traineeState(note(true), { present: true, time: "08:20" }, true)).toBe("done");
    expect(traineeState(note(true), { present: false, time: "未到" }, true)).toBe("done");
    // Not recorded (late, or another day's correction), whatever time the mark shows.
    expect(traineeState(note(true), { present: true, time: "07:50" }, false)).toBe("missed");
    expect(traineeState(note(true), null, false)).toBe("over");
    // Before it ends, the training is still ahead of everyone, recorded or not.
    expect(traineeState(note(false), { present: true, time: "07:40" }, true)).toBe("ahead");
    expect(traineeState(note(false), null, false)).toBe("ahead");
  });

  it("says today's training only for a record of the plan's date", () => {
    const html = (trainedOn: string | null) =>
      String(TrainingNote({ note: note(true), lang: "zh", arrival: null, date: "2022-04-19", trainedOn }));
    expect(html("2022-04-19")).toContain("今天的培训你已参加");
    // Trained on an earlier day (a plan made before then still listed them): trained, not today.
    expect(html("2022-04-17")).toContain("你已经参加过培训");
    expect(html("2022-04-17")).not.toContain("今天的培训");
    // A record after this day says nothing about this day's training.
    expect(html("2022-04-20")).toContain("培训已经结束：先找队长，再上岗");
  });

  it("does not send someone trained on an earlier day to this morning's training", () => {
    expect(traineeState(note(false), null, "before")).toBe("done");
    const page = String(
      TrainingNote({ note: note(false), lang: "zh", arrival: null, date: "2022-04-19", trainedOn: "2022-04-17" }),
    );
    expect(page).toContain("你已经参加过培训");
    expect(page).not.toContain("先参加培训");
  });
});
