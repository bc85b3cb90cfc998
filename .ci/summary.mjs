// Prints "N passed, N failed" from vitest's JSON report. A test file that fails to load (no test results) counts as
// one failure, so a broken import can never pass silently.
import { readFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failed = report.numFailedTests;
for (const file of report.testResults) {
  if (file.status === 'failed' && file.assertionResults.every((a) => a.status !== 'failed')) failed += 1;
}
console.log(`${report.numPassedTests} passed, ${failed} failed`);
