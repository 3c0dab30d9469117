/**
 * Runs a command's body; whatever it throws ends the command with one line on stderr
 * (`[tag] message`) and exit code 1, not a stack trace. The messages are written for the
 * administrator running it: a database that cannot be reached names the host and the
 * cause (DatabaseConnectionError), an environment variable that is not valid its name.
 */
export async function runCommand(tag: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    console.error(`[${tag}] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
