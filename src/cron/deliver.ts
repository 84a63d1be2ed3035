/**
 * Sends a group message to every webhook a community configured, exactly once per part.
 *
 * Each (community, date, kind, channel, part) is a row in `notifications`; a part already sent is
 * never sent again (a job that runs twice posts nothing twice), and a part that failed is tried
 * again by the next run. Failures are recorded and never thrown: the plan does not wait on chat.
 */
import { prepareAll, sendPrepared, WebhookError, type WebhookConfig } from "./notify/adapters.ts";
import type { GroupMessage } from "./notify/message.ts";

export interface DeliveryReport {
  sent: number;
  skipped: number;
  failed: Array<{ channel: string; part: number; error: string }>;
}

export async function deliver(deps: {
  db: D1Database;
  community: string;
  date: string;
  config: WebhookConfig | undefined;
  message: GroupMessage;
  fetch: (r: Request) => Promise<Response>;
  now: number;
}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, failed: [] };
  if (!deps.config) return report;
  const requests = await prepareAll(deps.config, deps.message, Math.floor(deps.now / 1000));
  for (const request of requests) {
    const key = [deps.community, deps.date, deps.message.kind, request.channel, request.part] as const;
    const existing = await deps.db
      .prepare(
        "SELECT status FROM notifications WHERE community = ? AND date = ? AND kind = ? AND channel = ? AND part = ?",
      )
      .bind(...key)
      .first<{ status: string }>();
    if (existing?.status === "sent") {
      report.skipped++;
      continue;
    }
    try {
      await sendPrepared(request, deps.fetch);
      await deps.db
        .prepare(
          `INSERT INTO notifications (community, date, kind, channel, part, status, attempts, sent_at) VALUES (?, ?, ?, ?, ?, 'sent', 1, ?)
           ON CONFLICT DO UPDATE SET status = 'sent', attempts = attempts + 1, sent_at = excluded.sent_at, last_error = NULL`,
        )
        .bind(...key, new Date(deps.now).toISOString())
        .run();
      report.sent++;
    } catch (error) {
      const message = error instanceof WebhookError || error instanceof Error ? error.message : String(error);
      await deps.db
        .prepare(
          `INSERT INTO notifications (community, date, kind, channel, part, status, attempts, last_error) VALUES (?, ?, ?, ?, ?, 'failed', 1, ?)
           ON CONFLICT DO UPDATE SET status = 'failed', attempts = attempts + 1, last_error = excluded.last_error`,
        )
        .bind(...key, message)
        .run();
      report.failed.push({ channel: request.channel, part: request.part, error: message });
    }
  }
  return report;
}
