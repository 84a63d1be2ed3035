/**
 * The JSON `npm run simulate` prints (and writes with `--out`). `npm run report` reads these field
 * names to build docs/BENCHMARKS.md, so change them only together with it.
 *
 * Times are real milliseconds unless the name says "sim" (simulated minutes of the compressed day).
 */

/** Sheets requests the emulator served for one spreadsheet during the run. */
export interface SheetsFigures {
  /** Requests made by ZoneCrew (the simulator's own organizer edits and checks are subtracted). */
  reads: number;
  writes: number;
  /** What the simulator itself sent (organizer edits, verification reads). */
  simulatorReads: number;
  simulatorWrites: number;
  /** Highest count in one real minute, everyone's requests included (Google: 60 each). */
  maxReadsPerMinute: number;
  maxWritesPerMinute: number;
  /** max(reads + writes) in one minute. */
  maxRequestsPerMinute: number;
  /** Calls the emulator refused for quota (429 RESOURCE_EXHAUSTED). */
  throttled: number;
  /** Calls failed on purpose (fault scenario), by HTTP status. */
  injected: Record<string, number>;
}

export interface AnswerFigures {
  /** Volunteers on the published plan who got a link. */
  links: number;
  confirmed: number;
  declined: number;
  /** Never answered (the 5%): shown "at risk" after the morning chase. */
  none: number;
  /** Answers the page acknowledged (303), confirm and decline. */
  acknowledged: number;
  /** Acknowledged answers missing from D1 or, once the outbox drained, from the Plan tab. */
  lost: number;
  /** Answers recorded more than once in D1, or a volunteer with two Plan-tab rows. */
  duplicated: number;
  /** Taps the phone had to send again because the connection dropped (restart, outage of the server). */
  networkRetries: number;
  /** Answer round trips (GET page + POST form), real ms. */
  tapMs: { p50: number; p99: number; max: number };
}

export interface CompoundReport {
  slug: string;
  spreadsheetId: string;
  /** Demo generator seed and roster scale this compound was made from. */
  seed: number;
  scale: number;
  date: string;
  buildings: number;
  volunteers: number;
  signups: { sheet: number; chainImport: number; signupLinks: number };
  /** Published plan, before declines (metrics of the cron's publish). */
  coverage: number;
  onDuty: number;
  /** After the replans and the chase. */
  finalCoverage: number;
  answers: AnswerFigures;
  replans: { count: number; assignmentsChanged: { max: number; mean: number } };
  /** The pure engine (planDay) on this compound's input, run in Node: median of 3 runs. */
  engineMs: number;
  /** The organizer's generate call end to end (sheet read, engine, D1, sheet write). */
  generateMs: number;
  /** The Node engine run gave the same metrics as the Worker's generate (same input). */
  engineMatchesWorker: boolean;
  sheets: SheetsFigures;
  /** Plan tab rows for the date == D1's plan and answers, after the outbox drained. */
  sheetEqualsD1: boolean;
  /** Differences found, for the reader (empty when equal). */
  mismatches: string[];
  /** Problems the organizers needed to see that the Problems tab shows (fault scenario). */
  problemsShown: string[];
  /** Problems expected in the Problems tab but missing there. */
  problemsMissing: string[];
  /** Real ms from the end of the day's timeline (faults off) until every outbox row was in the sheet. */
  drainMs: number | null;
}

export interface FaultFigures {
  failureRate: number;
  latencyMs: number;
  /** Real minutes the emulator answered every call with 503. */
  outageMinutes: number;
  restarts: number;
  /**
   * Outbox rows pending when the Worker was killed, summed over compounds and restarts. The first
   * restart falls in the outage amid the answers; the second after the day, the sheet down again,
   * so that afterwards only the outbox's stored alarm can bring the sheet up to date.
   */
  pendingAtRestart: number;
  organizerEdits: string[];
  /** Real ms from the end of the outage until every sheet equalled D1. */
  recoveryMs: number | null;
}

export interface SimulationReport {
  scenario: "day" | "faults";
  seed: number;
  compounds: number;
  date: string;
  timeZone: string;
  /** Real ms per simulated minute of the answer wave (the day is compressed). */
  realMsPerSimMinute: number;
  /** What the compression means, in words. */
  clock: string;
  machine: { node: string; platform: string; cpus: number };
  /** Times `wrangler dev` stopped answering on its own and the run restarted it (state kept). */
  unplannedRestarts: number;
  faults: FaultFigures | null;
  /** The day itself (issue 14): roll call, stage ticks, gate counts, and the tabs that mirror them. */
  day: {
    /** People on a route or post at the roll call. */
    expectedAtRollCall: number;
    present: number;
    absent: number;
    refilled: number;
    /**
     * Protective suits handed out, as the wrap-up in each Messages tab says (one per person here:
     * a compound whose wrap-up differs from the roll call the pages acknowledged fails the run).
     */
    suitsHandedOut: number;
    /** Buildings left with nobody to walk them after the roll call (no standby left). */
    uncoveredBuildings: number;
    stagesTicked: number;
    stages: number;
    gateCounts: number;
    /** Parcels the gate counted, per wave. */
    parcelsCounted: Record<number, number>;
    tapsNotAcknowledged: number;
    /** The first of those, each with its HTTP status (a failure names what went wrong). */
    notAcknowledged: string[];
    /** Acknowledged ticks or counts missing from the Progress or Gate log tab (must be 0). */
    lost: number;
    /** Ticks or counts in those tabs that nobody made (must be 0). */
    extra: number;
    /** Busiest minute of Sheets requests per spreadsheet over the whole run, the day included. */
    maxRequestsPerMinute: number;
  };
  perCompound: CompoundReport[];
  totals: {
    buildings: number;
    volunteers: number;
    onDuty: number;
    /** Minimum over compounds. */
    coverage: number;
    answers: { confirmed: number; declined: number; none: number; acknowledged: number };
    lostAnswers: number;
    duplicatedAnswers: number;
    replans: number;
    maxReadsPerMinute: number;
    maxWritesPerMinute: number;
    maxRequestsPerMinute: number;
    sheetEqualsD1: boolean;
    engineMs: { mean: number; max: number };
    wallMs: number;
    phasesMs: Record<string, number>;
  };
  /** Every invariant that failed, in words; empty when the run passed (exit code 0). */
  failures: string[];
}
