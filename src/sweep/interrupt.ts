/** A handle on SIGINT/SIGTERM during a sweep. */
export interface InterruptHandle {
  /** Aborted (with the signal name as reason) on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Turns the first SIGINT/SIGTERM into an abort (the sweep stops after the running trial batch; completed cells are
 * already on disk) and a second one into an immediate exit with code 130. `notify` receives a one-line message when
 * the first signal arrives.
 */
export function interruptOnSignals(notify: (message: string) => void): InterruptHandle {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      notify(`${name} again: exiting now (completed cells are saved)`);
      process.exit(130);
    }
    notify(`${name}: stopping after the current batch of trials (press Ctrl-C again to exit at once)`);
    controller.abort(name);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
