/**
 * Makes a reader that stops early (`gradcode … | head`) end the process quietly, as Unix tools do: a write to the
 * closed pipe (EPIPE on stdout or stderr) exits with the current exit code instead of an unhandled-error stack trace.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
