/**
 * Whose console session a cookie value is: the one check every page that trusts the organizer
 * console's sign-in makes (the console itself and the emulator's grid and admin routes).
 *
 * A value counts when it is signed by us and unexpired (src/services/console-session.ts), the
 * community still exists, its organizer token is the one the session was issued under (a rotated
 * token signs every console out), and the session was not signed out (D1 `console_signouts`).
 *
 * @example
 * const signed = await consoleSessionOf(c.var.services, c.env.DB, getCookie(c, SESSION_COOKIE));
 * if (!signed) return c.redirect("/console", 303);
 */
import type { Community } from "../community.ts";
import type { Services } from "../env.ts";
import { consoleKeys, sameText, tokenTag, type ConsoleSession } from "../services/console-session.ts";
import { isSignedOut } from "../store/console-signouts.ts";
import { tokenHash } from "./organizer-auth.ts";

export interface SignedIn {
  session: ConsoleSession;
  community: Community;
}

/** The tag of the community's current organizer token, as sessions carry it. */
export async function currentTokenTag(services: Services, community: Community): Promise<string | undefined> {
  const digest =
    community.token.kind === "env" ? await tokenHash(services.vars.ORGANIZER_TOKEN) : community.token.sha256;
  return digest ? tokenTag(digest) : undefined;
}

/** The valid session of a cookie value: signed by us, unexpired, token unchanged, not signed out. */
export async function consoleSessionOf(
  services: Services,
  db: D1Database,
  value: string | undefined,
): Promise<SignedIn | undefined> {
  if (!value) return undefined;
  const session = await (await consoleKeys(services.linkSecret)).verify(value, services.now());
  if (!session) return undefined;
  const community = await services.community(session.community);
  const tag = community ? await currentTokenTag(services, community) : undefined;
  if (!community || !tag || !sameText(tag, session.tokenTag)) return undefined;
  if (await isSignedOut(db, session.id)) return undefined;
  return { session, community };
}
