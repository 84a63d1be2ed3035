/**
 * Sheets failures the organizers can act on, in Chinese and English.
 *
 * google-spreadsheet throws ky's HTTPError; the gateway turns it into one of these so routes and
 * jobs can answer with a message that says what to do (share the sheet, wait for the quota).
 */
import { HTTPError } from "ky";

export type SheetsErrorKind =
  | "unauthenticated"
  | "permission"
  | "not_found"
  | "protected"
  /** A column's strict data validation ("reject input") refused a value we wrote. */
  | "invalid_data"
  | "quota"
  | "unavailable"
  | "bad_request"
  /** The grid changed under a write planned from a read (rows deleted since): read again. */
  | "moved";

/**
 * Refusals Google will repeat however often we ask (the sheet unshared, deleted, a range made
 * strictly protected, a request it finds invalid): retrying them only spends quota, so the outbox
 * parks its rows and tells the organizers what to fix. The rest (401, 429, 5xx, network) pass.
 */
const PERMANENT: ReadonlySet<SheetsErrorKind> = new Set([
  "permission",
  "not_found",
  "protected",
  "invalid_data",
  "bad_request",
]);

export class SheetsError extends Error {
  constructor(
    readonly kind: SheetsErrorKind,
    readonly httpStatus: number,
    readonly zh: string,
    readonly en: string,
    readonly detail: string,
  ) {
    super(`${zh} ${en} (${detail})`);
    this.name = "SheetsError";
  }

  get permanent(): boolean {
    return PERMANENT.has(this.kind);
  }
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string };
}

/** Maps a failed Sheets call; `account` is the identity to share the sheet with, when known. */
export async function toSheetsError(error: unknown, spreadsheetId: string, account?: string): Promise<SheetsError> {
  if (error instanceof SheetsError) return error;
  if (!(error instanceof HTTPError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new SheetsError("unavailable", 503, "无法连接表格服务。", "Could not reach the Sheets service.", detail);
  }
  const status = error.response.status;
  const body = (typeof error.data === "object" ? error.data : safeJson(error.data)) as GoogleErrorBody | undefined;
  const detail = body?.error?.message ?? error.message;
  switch (status) {
    case 401:
      return new SheetsError(
        "unauthenticated",
        status,
        "表格服务拒绝了登录凭据。",
        "The Sheets service rejected our credentials.",
        detail,
      );
    case 403: {
      // No account is known in the local default: say what it is rather than an English name.
      const whoZh = account ? ` ${account} ` : "本系统的服务账号";
      const whoEn = account ?? "ZoneCrew's service account";
      return new SheetsError(
        "permission",
        status,
        `没有权限打开表格 ${spreadsheetId}。请在 Google 表格里点“共享”，把${whoZh}加为编辑者。`,
        `No permission to open spreadsheet ${spreadsheetId}. In Google Sheets click Share and add ${whoEn} as an editor.`,
        detail,
      );
    }
    case 404:
      return new SheetsError(
        "not_found",
        status,
        `找不到表格 ${spreadsheetId}，请检查表格 ID。`,
        `Spreadsheet ${spreadsheetId} was not found; check the spreadsheet ID.`,
        detail,
      );
    case 429:
      return new SheetsError(
        "quota",
        status,
        "表格服务的每分钟请求配额已用完，已多次重试仍未成功，请稍后再试。",
        "The Sheets per-minute quota is used up and retries did not get through; try again shortly.",
        detail,
      );
    case 400:
      if (/protected cell or object/i.test(detail)) {
        // No account is known in the local default: say what it is rather than an English name.
        const whoZh = account ? ` ${account} ` : "本系统的服务账号";
        const whoEn = account ?? "ZoneCrew's service account";
        return new SheetsError(
          "protected",
          status,
          `表格里有一块设了保护，只有指定的人能改，所以写不进去。请在“数据 → 受保护的工作表和范围”里取消这项保护，或把${whoZh}加为可以编辑的人。`,
          `Part of the sheet is protected so that only listed people may edit it, so the write was refused. In Data → Protected sheets and ranges remove that protection or add ${whoEn} as an editor.`,
          detail,
        );
      }
      if (/data validation/i.test(detail)) {
        return new SheetsError(
          "invalid_data",
          status,
          "表格里有一列设了数据验证并选了“拒绝输入”，系统要写的内容不在允许的范围里，所以写不进去。请在“数据 → 数据验证”里把这条规则改为“显示警告”。",
          "A column's data validation is set to reject invalid input, and ZoneCrew's value is not allowed there, so the write was refused. In Data → Data validation set that rule to “Show a warning”.",
          detail,
        );
      }
      if (/exceeds grid limits/i.test(detail)) {
        // An organizer deleted rows between our read and our write, so a cell we planned is now
        // past the grid. batchUpdate is atomic (nothing applied): a fresh read puts it right.
        return new SheetsError(
          "moved",
          status,
          "写入时表格的行数刚被改过，系统会重新读取后再写。",
          "Rows were deleted while ZoneCrew was writing; it reads the sheet again and retries.",
          detail,
        );
      }
      return badRequest(status, detail);
    default:
      return status >= 500
        ? new SheetsError(
            "unavailable",
            status,
            "表格服务暂时不可用，请稍后再试。",
            "The Sheets service is unavailable; try again shortly.",
            detail,
          )
        : badRequest(status, detail);
  }
}

function badRequest(status: number, detail: string): SheetsError {
  return new SheetsError(
    "bad_request",
    status,
    "表格服务拒绝了请求。",
    "The Sheets service refused the request.",
    detail,
  );
}

function safeJson(text: unknown): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
