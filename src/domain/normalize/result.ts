/**
 * The shape every normalizer returns: the value used for planning, or why there is none.
 *
 * Failures carry a stable `reason` code (for tests and the Problems tab's code column) and a
 * sentence in Chinese and English that tells the organizer how to write the cell instead, so the
 * validator can put it next to the row without a second lookup table. Nothing here throws for
 * bad input; a throw means a bug in the caller (e.g. a malformed `today`).
 */

/** A value read from an organizer's cell. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** Why a cell could not be read, in words an organizer can act on. */
export interface Failure<R extends string> {
  readonly ok: false;
  readonly reason: R;
  readonly zh: string;
  readonly en: string;
}

/** Result of a normalizer: `{ ok: true, value }` or `{ ok: false, reason, zh, en }`. */
export type Parsed<T, R extends string> = Ok<T> | Failure<R>;

/** @example ok("2022-04-18") // { ok: true, value: "2022-04-18" } */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** @example fail("empty", "空白", "Blank") */
export function fail<R extends string>(reason: R, zh: string, en: string): Failure<R> {
  return { ok: false, reason, zh, en };
}

/** The shared failure for a blank cell; whether blank is allowed is the validator's call. */
export function blank(): Failure<"empty"> {
  return fail("empty", "这一格是空的。", "This cell is blank.");
}
