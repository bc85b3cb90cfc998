/**
 * `gradcode report DIR` (issue 14): one self-contained, offline HTML page per results directory, checked in a real
 * headless browser (Debian's chromium through playwright-core): the page loads with no console error and no network
 * request, every figure renders to a non-empty SVG, a mark's tooltip names its parameters and CI, and a screenshot is
 * produced. Trial and training results both. Chromium is installed by .ci/install-extras.sh; without it the test is
 * skipped locally and fails in CI.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../src/flags.js';
import { inProcess, root, specs, tempDir } from '../sweep/cli-helpers.js';

const CHROMIUM = chromiumPath();
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/install-extras.sh installs chromium`);

const dir = tempDir('report');
let browser: Browser;
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  if (!available) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}, 60_000);

interface PageCheck {
  errors: string[];
  requests: string[];
  figures: { name: string; paths: number }[];
  tooltip: string;
  screenshot: string;
}

async function openReport(file: string, screenshot: string): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-figures-rendered]', { timeout: 60_000 });
  const figures = await page.$$eval('.figure', (els) =>
    els.map((e) => ({ name: e.getAttribute('data-name') ?? '', paths: e.querySelectorAll('svg path').length })),
  );
  // Hover the first data point or bar of the first figure: Vega puts its tooltip in the container's title.
  const mark = page.locator('.figure').first().locator('g.role-mark path').first();
  await mark.hover({ force: true });
  await page.waitForTimeout(200);
  const tooltip = await page.$$eval('.figure [title], .figure[title]', (els) =>
    els.map((e) => e.getAttribute('title') ?? '').join('\n'),
  );
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { errors, requests, figures, tooltip, screenshot };
}

describe.skipIf(!available)('gradcode report in a headless browser', () => {
  it('a 3-axis trial sweep: figures render, tooltips name the cell, no errors, offline', async () => {
    const out = join(dir, 'three');
    const run = await inProcess(
      'run',
      join(specs, 'three-axes.yaml'),
      '--backend',
      'cpu',
      '--out',
      out,
      '--progress',
      'none',
    );
    expect(run.code, run.stderr).toBe(0);
    const r = await inProcess('report', out);
    expect(r.code, r.stderr).toBe(0);
    const file = join(out, 'report.html');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href="http/);
    const check = await openReport(file, join(dir, 'three.png'));
    expect(check.errors).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.figures.map((f) => f.name)).toEqual(['completion-time', 'error-vs-time']);
    for (const f of check.figures) expect(f.paths, f.name).toBeGreaterThan(8);
    expect(check.tooltip).toMatch(/Code: /);
    expect(check.tooltip).toMatch(/completion_ci_lo|Completion time/);
    expect(statSync(check.screenshot).size).toBeGreaterThan(30_000);
    // The cell table: one row per cell, with its CI.
    expect((html.match(/<tr>/g) ?? []).length).toBe(1 + 8);
    expect(html).toContain('completion time, mean [95% CI]');
  }, 120_000);

  it('training results: convergence with its bound, the scheme table with verdicts', async () => {
    const out = join(dir, 'train');
    const t = await inProcess(
      'train',
      join(root, 'examples/train/least-squares.yaml'),
      ...['--runs', '16', '--iterations', '30', '--backend', 'cpu', '--out', out, '--progress', 'none'],
    );
    expect(t.code, t.stderr).toBe(0);
    const file = join(dir, 'train.html');
    const r = await inProcess('report', out, '--out', file);
    expect(r.code, r.stderr).toBe(0);
    const check = await openReport(file, join(dir, 'train.png'));
    expect(check.errors).toEqual([]);
    expect(check.figures.map((f) => f.name)).toEqual(['convergence', 'gradient-error', 'gap-vs-time']);
    for (const f of check.figures) expect(f.paths, f.name).toBeGreaterThan(3);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Glasgow–Wootters Prop. VI.1');
    expect(html).toMatch(/<span class="pass">holds everywhere/);
  }, 120_000);

  it('labels holding markup cannot inject it', async () => {
    const spec = join(dir, 'evil.yaml');
    writeFileSync(
      spec,
      readFileSync(join(specs, 'tiny.yaml'), 'utf8').replace(
        'label: original',
        'label: "</script><img src=x onerror=alert(1)>"',
      ),
    );
    const out = join(dir, 'evil');
    expect(
      (await inProcess('run', spec, '--backend', 'cpu', '--trials', '300', '--out', out, '--progress', 'none')).code,
    ).toBe(0);
    expect((await inProcess('report', out)).code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<img src=x');
    const check = await openReport(join(out, 'report.html'), join(dir, 'evil.png'));
    expect(check.errors).toEqual([]);
  }, 120_000);

  it('exits 2 on a directory that is not results', async () => {
    const r = await inProcess('report', join(dir, 'nowhere'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a gradcode results directory');
  });
});
