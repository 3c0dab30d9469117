// `npm start`'s API: src/start.ts in a child process, started again when it ends unexpectedly.
//
// Under `npm start` turbo runs the API beside the dashboard and ends the whole run when one
// of them ends: an API killed outright (SIGKILL, the kernel's out-of-memory killer, a crash)
// took the dashboard with it, and the users got no outage page, only a refused connection.
// This process stays: it starts the API again after a short back-off, saying so in one line,
// and the dashboard shows its outage page meanwhile (the new API stops the PostgreSQL the
// killed one left running, and says so too).
//
// What is not restarted:
// - SIGINT or SIGTERM (Ctrl-C, turbo, a service manager): passed to the API, which stops as
//   it always did; this process then ends with the API's exit code.
// - An API that exits with 0, or is ended by SIGINT or SIGTERM sent to it alone: a stop.
// - A first start that fails (a port in use, a data directory another start owns, a wrong
//   DATABASE_URL): its message is the answer, and `npm start` ends as before. Once the API
//   has started (it says so over the IPC channel), a later start that fails is tried again.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** seconds before each restart in a row; a run of a minute or more starts the series again */
const BACK_OFF_SECONDS = [1, 2, 5, 10, 30];
const STEADY_MS = 60_000;
const log = (line) => console.log(`[start] ${line}`);

/** @type {import('node:child_process').ChildProcess | null} */
let child = null;
/** @type {NodeJS.Timeout | null} */
let restartTimer = null;
let stopping = false;
let everReady = false;
let restartsInARow = 0;

const exitCodeOf = (code, signal) => code ?? 128 + (os.constants.signals[signal] ?? 0);

function startApi() {
  restartTimer = null;
  const startedAt = Date.now();
  const api = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: apiDir,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  child = api;
  api.on('message', (message) => {
    if (message === 'ready') everReady = true;
  });
  api.on('exit', (code, signal) => {
    child = null;
    if (stopping || code === 0 || signal === 'SIGINT' || signal === 'SIGTERM' || !everReady)
      process.exit(exitCodeOf(code, signal));
    if (Date.now() - startedAt >= STEADY_MS) restartsInARow = 0;
    const delay = BACK_OFF_SECONDS[Math.min(restartsInARow, BACK_OFF_SECONDS.length - 1)];
    restartsInARow += 1;
    log(
      `The API (pid ${api.pid}) ended unexpectedly (${signal ?? `exit code ${code}`}): starting it again in ${delay} s`,
    );
    restartTimer = setTimeout(startApi, delay * 1000);
  });
}

function stop(signal) {
  stopping = true;
  if (child) {
    // The API stops once on the first of these; a second one (the terminal's Ctrl-C reaches
    // it too, as the same process group) is ignored there.
    child.kill(signal);
    return;
  }
  if (restartTimer) clearTimeout(restartTimer);
  process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

startApi();
