/**
 * The simulated day as a timeline in simulated minutes after the evening publish (21:00), played
 * against the real clock compressed by `realMsPerSimMinute`.
 *
 * - answers start at their time, at most `concurrency` in flight (a phone tap is two requests);
 * - steps (a cron tick, an organizer's sync) wait for the answers before them to finish, run, and
 *   push the rest of the timeline back by however long they took, so the order of the day holds
 *   whatever the machine's speed;
 * - background events (a fault switch, a restart) start at their time without stopping answers;
 *   a step may wait for them (`waitForBackground`).
 */
import { createRandom, hashSeed } from "../../emulator/seeded-random.ts";
import { sleep } from "./client.ts";

export type Fate = "confirm" | "decline" | "none";

/** Minutes after 21:00 of the morning jobs. */
export const SIM = { chase: 570, parcels: 600, digest: 720, waveEnd: 600 } as const;

export interface PlannedAnswer {
  volunteerId: string;
  fate: Fate;
  /** Simulated minutes after 21:00 (undefined for "none"). */
  atMin?: number;
}

/**
 * 85% confirm, 10% decline, 5% never answer. Confirmations: three in four within the first hour,
 * most of the rest during the evening and night, a few only after the morning reminder (06:30–07:00).
 * Declines come during the evening and night.
 */
export function planAnswers(volunteerIds: readonly string[], seed: number): PlannedAnswer[] {
  const rng = createRandom(hashSeed("answers", seed));
  const ids = rng.shuffle(volunteerIds);
  const declines = Math.round(ids.length * 0.1);
  const silent = Math.round(ids.length * 0.05);
  return ids.map((volunteerId, i) => {
    if (i < silent) return { volunteerId, fate: "none" as const };
    if (i < silent + declines) return { volunteerId, fate: "decline" as const, atMin: rng.next() * SIM.chase };
    const r = rng.next();
    const atMin =
      r < 0.75
        ? rng.next() * 60
        : r < 0.92
          ? 60 + rng.next() * (SIM.chase - 60)
          : SIM.chase + rng.next() * (SIM.waveEnd - SIM.chase);
    return { volunteerId, fate: "confirm" as const, atMin };
  });
}

export type TimelineEvent =
  | { atMin: number; kind: "answer"; run: () => Promise<void> }
  | { atMin: number; kind: "step"; name: string; waitForBackground: boolean; run: () => Promise<void> }
  | { atMin: number; kind: "background"; name: string; run: () => Promise<void> };

export interface TimelineOutcome {
  /** Real ms each step took, by name. */
  steps: Record<string, number>;
  wallMs: number;
}

export async function playTimeline(
  events: readonly TimelineEvent[],
  realMsPerSimMinute: number,
  concurrency: number,
  log: (message: string) => void,
): Promise<TimelineOutcome> {
  const ordered = [...events].sort((a, b) => a.atMin - b.atMin);
  const start = Date.now();
  let shift = 0;
  const inFlight = new Set<Promise<void>>();
  const background = new Set<Promise<void>>();
  const steps: Record<string, number> = {};
  let firstError: unknown;
  const track = (set: Set<Promise<void>>, p: Promise<void>) => {
    const tracked = p.catch((error: unknown) => {
      firstError ??= error;
    });
    set.add(tracked);
    void tracked.finally(() => set.delete(tracked));
  };
  for (const event of ordered) {
    const due = start + shift + event.atMin * realMsPerSimMinute;
    if (event.kind === "step") {
      await Promise.all(inFlight);
      if (event.waitForBackground) await Promise.all(background);
    }
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    if (event.kind === "answer") {
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      track(inFlight, event.run());
    } else if (event.kind === "background") {
      log(`${event.name} (sim +${event.atMin.toFixed(0)} min)`);
      track(background, event.run());
    } else {
      log(`${event.name} (sim +${event.atMin.toFixed(0)} min)`);
      const t0 = Date.now();
      await event.run();
      steps[event.name] = Date.now() - t0;
      // Later events keep their distance from this step, not from the start.
      shift = Math.max(shift, Date.now() - start - event.atMin * realMsPerSimMinute);
    }
    if (firstError) throw firstError;
  }
  await Promise.all(inFlight);
  await Promise.all(background);
  if (firstError) throw firstError;
  return { steps, wallMs: Date.now() - start };
}
