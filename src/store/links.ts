/**
 * Volunteer links in D1 (table `links`, see storage-schema.md): one per volunteer and day, found
 * by the SHA-256 of its code. The code itself is only ever stored sealed.
 */

export interface LinkRecord {
  codeHash: string;
  community: string;
  date: string;
  volunteerId: string;
  codeSealed: string;
  createdAt: string;
  /** Epoch ms (exclusive): the end of the plan's date in the community's time zone. */
  expiresAt: number;
  revokedAt: string | null;
}

export interface LinkRow {
  code_hash: string;
  community: string;
  date: string;
  volunteer_id: string;
  code_sealed: string;
  created_at: string;
  expires_at: number;
  revoked_at: string | null;
}

export const linkFromRow = (row: LinkRow): LinkRecord => ({
  codeHash: row.code_hash,
  community: row.community,
  date: row.date,
  volunteerId: row.volunteer_id,
  codeSealed: row.code_sealed,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export async function findLink(db: D1Database, codeHash: string): Promise<LinkRecord | undefined> {
  const row = await db.prepare("SELECT * FROM links WHERE code_hash = ?").bind(codeHash).first<LinkRow>();
  return row ? linkFromRow(row) : undefined;
}

export async function linksForDay(db: D1Database, community: string, date: string): Promise<LinkRecord[]> {
  const { results } = await db
    .prepare("SELECT * FROM links WHERE community = ? AND date = ? ORDER BY volunteer_id")
    .bind(community, date)
    .all<LinkRow>();
  return results.map(linkFromRow);
}

/** Adds a link unless the volunteer already has one for the day (then the existing one stays). */
export function insertLinkStatement(db: D1Database, link: Omit<LinkRecord, "revokedAt">): D1PreparedStatement {
  return db
    .prepare(
      "INSERT OR IGNORE INTO links (code_hash, community, date, volunteer_id, code_sealed, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(link.codeHash, link.community, link.date, link.volunteerId, link.codeSealed, link.createdAt, link.expiresAt);
}
