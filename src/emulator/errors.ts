/**
 * The one error type the Sheets emulator raises, shaped like Google's so that clients
 * (google-spreadsheet, our gateway) see the same failures locally as in production.
 *
 * Model functions throw `SheetsApiError` for request problems a real Google endpoint would
 * reject; the HTTP layer turns it into `googleErrorBody(err)` with `err.httpStatus`.
 *
 * @example
 * try { model.valuesGet("Nope!A1") } catch (e) {
 *   if (e instanceof SheetsApiError) return c.json(googleErrorBody(e), e.httpStatus);
 * }
 */

/** google.rpc.Code names that the emulator can produce. */
export type GoogleStatus =
  | "INVALID_ARGUMENT"
  | "NOT_FOUND"
  | "PERMISSION_DENIED"
  | "FAILED_PRECONDITION"
  | "RESOURCE_EXHAUSTED"
  | "UNIMPLEMENTED"
  | "UNAVAILABLE"
  | "INTERNAL";

const httpStatusOf: Record<GoogleStatus, 400 | 403 | 404 | 429 | 500 | 501 | 503> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class SheetsApiError extends Error {
  readonly httpStatus: 400 | 403 | 404 | 429 | 500 | 501 | 503;
  readonly status: GoogleStatus;

  constructor(status: GoogleStatus, message: string) {
    super(message);
    this.name = "SheetsApiError";
    this.status = status;
    this.httpStatus = httpStatusOf[status];
  }
}

/** Google's JSON error envelope, e.g. `{ error: { code: 400, message, status: "INVALID_ARGUMENT" } }`. */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: GoogleStatus };
}

export function googleErrorBody(err: SheetsApiError): GoogleErrorBody {
  return { error: { code: err.httpStatus, message: err.message, status: err.status } };
}

export function invalidArgument(message: string): SheetsApiError {
  return new SheetsApiError("INVALID_ARGUMENT", message);
}

/** Google's wording for any range it cannot resolve, including a missing sheet title. */
export function unparseableRange(range: string): SheetsApiError {
  return invalidArgument(`Unable to parse range: ${range}`);
}

/** Google's answer to a write into a protected range the caller may not edit. */
export function protectedCell(): SheetsApiError {
  return invalidArgument(
    "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.",
  );
}
