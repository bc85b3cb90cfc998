#!/usr/bin/env node
import { releaseEngine } from '../engine/release.js';
import { enableNativeMessageFilter } from '../engine/webgpu/dawn.js';
import { debugEnabled } from '../flags.js';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { main } from './main.js';

/** Grace period for the event loop to drain after the engine is released, before the exit watchdog fires. */
const EXIT_WATCHDOG_MS = 10_000;

exitQuietlyOnClosedPipe();
// Dawn's known native warnings are dropped (shown under --verbose); only this process entry swaps descriptor 2.
enableNativeMessageFilter();
main(process.argv)
  .then(async (code) => {
    process.exitCode = code;
    // Destroy GPU devices and worker threads so the process exits by itself (never `delete navigator.gpu`).
    await releaseEngine();
    // Safety net: if something still holds the event loop, exit anyway (an unref'd timer never keeps it alive).
    setTimeout(() => {
      if (debugEnabled()) process.stderr.write('gradcode: exit watchdog fired\n');
      process.exit(code);
    }, EXIT_WATCHDOG_MS).unref();
  })
  .catch((error: unknown) => {
    process.stderr.write(`gradcode: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
