/**
 * Declining takes a volunteer off the plan and calls in a standby, and the group message lists
 * every personal link: so anyone in the group could decline for anyone. A decline therefore asks
 * for the last four digits of the phone on the roster, checked here on the server; confirming
 * stays one tap (a wrong "yes" is harmless and the captain sees who came).
 *
 * Wrong tails are counted per link: after MAX_MISSES in an hour the link refuses declines until
 * the hour is over (four digits are 10,000 guesses; this allows 5 an hour), and the page says to
 * tell the captain instead. A person whose roster row has no phone (removed since publishing)
 * cannot be checked, and is let through: they are still on the published plan.
 */
import { latestSnapshot } from "../store/snapshots.ts";

export const MAX_MISSES = 5;
export const MISS_WINDOW_MS = 60 * 60 * 1000;

export type TailCheck =
  { ok: true } | { ok: false; reason: "wrong"; left: number } | { ok: false; reason: "locked"; until: number };

export function phoneTail(phone: string): string {
  return phone.replace(/\D/g, "").slice(-4);
}

/** Only four ASCII digits count; full-width digits from a Chinese keyboard are read as digits. */
export function cleanTail(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\s/g, "");
}

interface Row {
  misses: number;
  window_start: number;
}

export async function checkDeclineTail(input: {
  db: D1Database;
  community: string;
  volunteerId: string;
  codeHash: string;
  tail: string;
  now: number;
}): Promise<TailCheck> {
  const { db, codeHash, now } = input;
  const row = await db
    .prepare("SELECT misses, window_start FROM decline_misses WHERE code_hash = ?")
    .bind(codeHash)
    .first<Row>();
  const live = row && now - row.window_start < MISS_WINDOW_MS ? row : undefined;
  if (live && live.misses >= MAX_MISSES)
    return { ok: false, reason: "locked", until: live.window_start + MISS_WINDOW_MS };

  const snapshot = await latestSnapshot(db, input.community);
  const phone = snapshot?.snapshot.volunteers.find((v) => v.id === input.volunteerId)?.phone;
  if (!phone) return { ok: true };
  const typed = cleanTail(input.tail);
  // Nothing typed is not a guess (an old page, a form sent too soon): it costs no try.
  if (typed === "") return { ok: false, reason: "wrong", left: MAX_MISSES - (live?.misses ?? 0) };
  if (/^\d{4}$/.test(typed) && typed === phoneTail(phone)) {
    if (row) await db.prepare("DELETE FROM decline_misses WHERE code_hash = ?").bind(codeHash).run();
    return { ok: true };
  }
  const misses = (live?.misses ?? 0) + 1;
  await db
    .prepare(
      "INSERT INTO decline_misses (code_hash, misses, window_start) VALUES (?, ?, ?) ON CONFLICT (code_hash) DO UPDATE SET misses = excluded.misses, window_start = excluded.window_start",
    )
    .bind(codeHash, misses, live?.window_start ?? now)
    .run();
  return misses >= MAX_MISSES
    ? { ok: false, reason: "locked", until: (live?.window_start ?? now) + MISS_WINDOW_MS }
    : { ok: false, reason: "wrong", left: MAX_MISSES - misses };
}
