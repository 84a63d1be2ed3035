/**
 * Personal sign-up links and the sign-ups given through them, in D1 (tables `signup_links`,
 * `link_signups`, `signup_flush`, `audit_log`; see migrations/0007_signup_links.sql).
 */

export interface SignupLinkRecord {
  codeHash: string;
  community: string;
  volunteerId: string;
  name: string;
  codeSealed: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface LinkSignupRecord {
  community: string;
  date: string;
  volunteerId: string;
  name: string;
  availability: "all_day" | "am" | "pm";
  signedAt: number;
  codeHash: string;
  sheetAt: number | null;
}

interface SignupLinkRow {
  code_hash: string;
  community: string;
  volunteer_id: string;
  name: string;
  code_sealed: string;
  created_at: string;
  revoked_at: string | null;
}

interface LinkSignupRow {
  community: string;
  date: string;
  volunteer_id: string;
  name: string;
  availability: LinkSignupRecord["availability"];
  signed_at: number;
  code_hash: string;
  sheet_at: number | null;
}

const toLink = (r: SignupLinkRow): SignupLinkRecord => ({
  codeHash: r.code_hash,
  community: r.community,
  volunteerId: r.volunteer_id,
  name: r.name,
  codeSealed: r.code_sealed,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

const toSignup = (r: LinkSignupRow): LinkSignupRecord => ({
  community: r.community,
  date: r.date,
  volunteerId: r.volunteer_id,
  name: r.name,
  availability: r.availability,
  signedAt: r.signed_at,
  codeHash: r.code_hash,
  sheetAt: r.sheet_at,
});

export async function findSignupLink(db: D1Database, codeHash: string): Promise<SignupLinkRecord | undefined> {
  const row = await db.prepare("SELECT * FROM signup_links WHERE code_hash = ?").bind(codeHash).first<SignupLinkRow>();
  return row ? toLink(row) : undefined;
}

/** Every volunteer's live (not revoked) link in a community. */
export async function liveSignupLinks(db: D1Database, community: string): Promise<SignupLinkRecord[]> {
  const { results } = await db
    .prepare("SELECT * FROM signup_links WHERE community = ? AND revoked_at IS NULL ORDER BY volunteer_id")
    .bind(community)
    .all<SignupLinkRow>();
  return results.map(toLink);
}

/** Adds links; a volunteer who already has a live link keeps it (the unique index ignores the new one). */
export async function insertSignupLinks(
  db: D1Database,
  links: ReadonlyArray<Omit<SignupLinkRecord, "revokedAt">>,
  actor: string,
): Promise<void> {
  if (links.length === 0) return;
  await db.batch(
    links.flatMap((l) => [
      db
        .prepare(
          "INSERT OR IGNORE INTO signup_links (code_hash, community, volunteer_id, name, code_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(l.codeHash, l.community, l.volunteerId, l.name, l.codeSealed, l.createdAt),
      db
        .prepare(
          "INSERT INTO audit_log (community, at, actor, action, subject, detail) SELECT ?, ?, ?, 'signup_link.issue', ?, '{}' WHERE changes() > 0",
        )
        .bind(l.community, l.createdAt, actor, l.volunteerId),
    ]),
  );
}

/** Revokes a volunteer's live link; true when there was one. */
export async function revokeSignupLink(
  db: D1Database,
  community: string,
  volunteerId: string,
  at: string,
  actor: string,
): Promise<boolean> {
  const [revoked] = await db.batch([
    db
      .prepare("UPDATE signup_links SET revoked_at = ? WHERE community = ? AND volunteer_id = ? AND revoked_at IS NULL")
      .bind(at, community, volunteerId),
    db
      .prepare(
        "INSERT INTO audit_log (community, at, actor, action, subject, detail) SELECT ?, ?, ?, 'signup_link.revoke', ?, '{}' WHERE changes() > 0",
      )
      .bind(community, at, actor, volunteerId),
  ]);
  return (revoked?.meta.changes ?? 0) > 0;
}

export async function findLinkSignup(
  db: D1Database,
  community: string,
  date: string,
  volunteerId: string,
): Promise<LinkSignupRecord | undefined> {
  const row = await db
    .prepare("SELECT * FROM link_signups WHERE community = ? AND date = ? AND volunteer_id = ?")
    .bind(community, date, volunteerId)
    .first<LinkSignupRow>();
  return row ? toSignup(row) : undefined;
}

/**
 * Records a sign-up unless the volunteer already signed up for the date through a link (the first
 * one stands). Returns the sign-up that is stored now, and whether it is this one.
 */
export async function insertLinkSignup(
  db: D1Database,
  s: Omit<LinkSignupRecord, "sheetAt">,
): Promise<{ record: LinkSignupRecord; inserted: boolean }> {
  const [inserted] = await db.batch([
    db
      .prepare(
        "INSERT OR IGNORE INTO link_signups (community, date, volunteer_id, name, availability, signed_at, code_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(s.community, s.date, s.volunteerId, s.name, s.availability, s.signedAt, s.codeHash),
    db
      .prepare(
        "INSERT INTO audit_log (community, at, actor, action, subject, detail) SELECT ?, ?, ?, 'signup.link', ?, ? WHERE changes() > 0",
      )
      .bind(
        s.community,
        new Date(s.signedAt).toISOString(),
        `volunteer:${s.volunteerId}`,
        `${s.date}/${s.volunteerId}`,
        JSON.stringify({ availability: s.availability }),
      ),
  ]);
  const record = await findLinkSignup(db, s.community, s.date, s.volunteerId);
  return { record: record!, inserted: (inserted?.meta.changes ?? 0) > 0 };
}

export async function pendingLinkSignups(db: D1Database, community: string, limit = 500): Promise<LinkSignupRecord[]> {
  const { results } = await db
    .prepare("SELECT * FROM link_signups WHERE community = ? AND sheet_at IS NULL ORDER BY signed_at LIMIT ?")
    .bind(community, limit)
    .all<LinkSignupRow>();
  return results.map(toSignup);
}

export async function countPendingLinkSignups(db: D1Database, community: string): Promise<number> {
  const row = await db
    .prepare("SELECT count(*) AS n FROM link_signups WHERE community = ? AND sheet_at IS NULL")
    .bind(community)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function markLinkSignupsInSheet(
  db: D1Database,
  signups: readonly LinkSignupRecord[],
  at: number,
): Promise<void> {
  if (signups.length === 0) return;
  await db.batch(
    signups.map((s) =>
      db
        .prepare(
          "UPDATE link_signups SET sheet_at = ? WHERE community = ? AND date = ? AND volunteer_id = ? AND sheet_at IS NULL",
        )
        .bind(at, s.community, s.date, s.volunteerId),
    ),
  );
}

/** Takes the community's flush lease until `until` unless someone holds it; true when taken. */
export async function claimFlushLease(db: D1Database, community: string, now: number, until: number): Promise<boolean> {
  const [, claimed] = await db.batch([
    db.prepare("INSERT OR IGNORE INTO signup_flush (community, lease_until) VALUES (?, 0)").bind(community),
    db
      .prepare("UPDATE signup_flush SET lease_until = ? WHERE community = ? AND lease_until <= ?")
      .bind(until, community, now),
  ]);
  return (claimed?.meta.changes ?? 0) > 0;
}

export async function releaseFlushLease(db: D1Database, community: string, flushedAt: number | null): Promise<void> {
  await db
    .prepare("UPDATE signup_flush SET lease_until = 0, last_flush_at = coalesce(?, last_flush_at) WHERE community = ?")
    .bind(flushedAt, community)
    .run();
}

/** Whether a plan for the date has been published (sign-ups for it are then closed). */
export async function isDayPublished(db: D1Database, community: string, date: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS yes FROM publications WHERE community = ? AND date = ? LIMIT 1")
    .bind(community, date)
    .first<{ yes: number }>();
  return row !== null;
}
