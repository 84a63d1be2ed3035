/**
 * `npm run test:run`: the vitest projects in two processes at once. The sim files spend most of
 * their time waiting on their own `wrangler dev`, so running them beside the workerd and node
 * files instead of after them takes the suite from about 6 to about 5 minutes on a 2-core box.
 * The workers/node run streams; the sim run's output is printed whole when it ends, so the two
 * reporters never interleave. Extra arguments go to both (e.g. `-- --reporter=dot`). With
 * `--with-check` (what `npm test` passes) the type check, lint and format check run beside them.
 */
import { spawn } from "node:child_process";

const withCheck = process.argv.includes("--with-check");
const extra = process.argv.slice(2).filter((a) => a !== "--with-check");

const run = (command: string, args: string[], capture: boolean) => {
  const child = spawn(command, args, { stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code: code ?? 1, output })),
  );
};

const vitest = (projects: string[], capture: boolean) =>
  run("npx", ["vitest", "run", ...projects.flatMap((p) => ["--project", p]), ...extra], capture);

// `npm test` also runs the type check, lint and format check (`--with-check`) beside the tests,
// not before them: on a 2-core box that keeps the whole of `npm test` near 6 minutes.
const check = withCheck ? run("npm", ["run", "check", "--silent"], true) : undefined;
const sim = vitest(["sim"], true);
const rest = await vitest(["workers", "node"], false);
console.log("\n── sim project (whole days against wrangler dev) ──");
const simResult = await sim;
process.stdout.write(simResult.output);
let checkCode = 0;
if (check) {
  const checked = await check;
  console.log(`\n── check (tsc, eslint, prettier): ${checked.code === 0 ? "passed" : "FAILED"} ──`);
  process.stdout.write(checked.output);
  checkCode = checked.code;
}
process.exit(rest.code || simResult.code || checkCode);
