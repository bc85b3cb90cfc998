import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CalibrationStore, type FamilyMeasurement } from '../../../src/engine/cost/calibration-store.js';
import {
  adapterIdentity,
  cpuIdentity,
  type DeviceIdentity,
  identityKey,
} from '../../../src/engine/cost/device-identity.js';
import { driverCacheDisabled, driverCacheIdentity } from '../../../src/engine/cost/driver-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `calibration-${files++}.json`);

function m(measuredAt: string, secondsPerWork = 1e-9): FamilyMeasurement {
  return { probe: 'p', items: 10, seconds: 1, secondsPerWork, callSeconds: 0, measuredAt };
}

const lavapipe = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  software: true,
};

describe('the calibration store', () => {
  it('keeps what was measured per device, read back by a later process', () => {
    const path = freshPath();
    const store = CalibrationStore.open(cpuIdentity(2), path);
    expect(store.device.families).toEqual({});
    store.setStart(0.1, '2026-12-06T10:00:00.000Z');
    store.setFamily('trials partial', m('2026-12-06T10:00:00.000Z'));
    store.addPipeline('mesa:/x#1:2', 'abc', '2026-12-06T10:00:00.000Z');
    expect(store.save()).toBe(true);
    const again = CalibrationStore.open(cpuIdentity(2), path);
    expect(again.family('trials partial')?.secondsPerWork).toBe(1e-9);
    expect(again.device.startSeconds).toBe(0.1);
    expect(again.holdsPipeline('mesa:/x#1:2', 'abc')).toBe(true);
    expect(again.holdsPipeline('mesa:/y#1:2', 'abc')).toBe(false);
    // Another device of the same machine has its own entry.
    expect(CalibrationStore.open(cpuIdentity(4), path).device.families).toEqual({});
    expect(CalibrationStore.open(adapterIdentity(lavapipe), path).device.families).toEqual({});
  });

  it('is invalidated by another gradcode, Node or Dawn version, or another driver, and drops the stale entry', () => {
    const path = freshPath();
    const old: DeviceIdentity = { ...adapterIdentity(lavapipe), gradcode: '0.0.9' };
    const stale = CalibrationStore.open(old, path);
    stale.setFamily('f', m('2026-12-05T00:00:00.000Z'));
    stale.save();
    const current = adapterIdentity(lavapipe);
    expect(identityKey(current)).not.toBe(identityKey(old));
    expect(identityKey({ ...current, webgpu: '0.7.0' })).not.toBe(identityKey(current));
    expect(identityKey({ ...current, adapter: { ...lavapipe, description: 'llvmpipe: Mesa 25.2.0' } })).not.toBe(
      identityKey(current),
    );
    const fresh = CalibrationStore.open(current, path);
    expect(fresh.family('f')).toBeUndefined();
    fresh.setFamily('g', m('2026-12-06T00:00:00.000Z'));
    fresh.save();
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { devices: Record<string, unknown> };
    expect(Object.keys(stored.devices)).toEqual([identityKey(current)]);
  });

  it('merges with what another process saved meanwhile: per family, the newer measurement wins', () => {
    const path = freshPath();
    const a = CalibrationStore.open(cpuIdentity(2), path);
    const b = CalibrationStore.open(cpuIdentity(2), path);
    a.setFamily('x', m('2026-12-06T10:00:00.000Z', 1));
    a.setFamily('y', m('2026-12-06T12:00:00.000Z', 1));
    a.save();
    b.setFamily('y', m('2026-12-06T11:00:00.000Z', 2));
    b.setFamily('z', m('2026-12-06T11:00:00.000Z', 2));
    b.save();
    const read = CalibrationStore.open(cpuIdentity(2), path);
    expect(Object.fromEntries(Object.entries(read.device.families).map(([k, v]) => [k, v.secondsPerWork]))).toEqual({
      x: 1,
      y: 1,
      z: 2,
    });
  });

  it('reads a damaged or foreign file as empty, and a save that cannot be written is not an error', () => {
    const path = freshPath();
    writeFileSync(path, '{"schema": 1, "devices": ');
    expect(CalibrationStore.open(cpuIdentity(2), path).device.families).toEqual({});
    writeFileSync(path, '[1, 2, 3]');
    const store = CalibrationStore.open(cpuIdentity(2), path);
    store.setFamily('f', m('2026-12-06T00:00:00.000Z'));
    expect(store.save()).toBe(true);
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const unwritable = CalibrationStore.open(cpuIdentity(2), join(blocked, 'calibration.json'));
    unwritable.setFamily('f', m('2026-12-06T00:00:00.000Z'));
    expect(unwritable.save()).toBe(false);
  });

  it('moves a file that is not its calibration aside instead of overwriting it, and never reads or touches a FIFO', () => {
    const path = freshPath();
    writeFileSync(path, 'my lab notes: do not delete');
    const store = CalibrationStore.open(cpuIdentity(2), path);
    store.setFamily('f', m('2026-12-06T00:00:00.000Z'));
    expect(store.save()).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${basename(path)}.unreadable-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]), 'utf8')).toBe('my lab notes: do not delete');
    expect(CalibrationStore.open(cpuIdentity(2), path).family('f')).toBeDefined();

    const fifo = freshPath();
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo: the FIFO half cannot run here
    // Reading a FIFO with no writer would block forever; the store must not open it.
    const onFifo = CalibrationStore.open(cpuIdentity(2), fifo);
    expect(onFifo.device.families).toEqual({});
    onFifo.setFamily('f', m('2026-12-06T00:00:00.000Z'));
    expect(onFifo.save()).toBe(false);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('drops entries it cannot use, so they are measured again: a device without identity, a family of non-numbers', () => {
    const path = freshPath();
    const good = CalibrationStore.open(cpuIdentity(2), path);
    good.setFamily('kept', m('2026-12-06T00:00:00.000Z'));
    expect(good.save()).toBe(true);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const key = Object.keys(file.devices)[0];
    file.devices[key].families.empty = {};
    file.devices[key].families.nan = { ...m('2026-12-06T00:00:00.000Z'), secondsPerWork: 'NaN' };
    file.devices.broken = { families: { f: m('2026-12-06T00:00:00.000Z') } };
    writeFileSync(path, JSON.stringify(file));
    const store = CalibrationStore.open(cpuIdentity(2), path);
    expect(Object.keys(store.device.families)).toEqual(['kept']);
    store.setFamily('new', m('2026-12-06T01:00:00.000Z'));
    expect(store.save()).toBe(true); // the identity-less device no longer makes every save fail
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).devices)).toEqual([key]);
  });
});

describe('the driver’s shader cache', () => {
  it('is Mesa’s folder (by inode and creation time), off when disabled, absent before the first compile', () => {
    const root = mkdtempSync(join(dir, 'mesa-'));
    expect(driverCacheIdentity(lavapipe, { MESA_SHADER_CACHE_DIR: root })).toBe('mesa:absent');
    mkdirSync(join(root, 'mesa_shader_cache_db'));
    const id = driverCacheIdentity(lavapipe, { MESA_SHADER_CACHE_DIR: root });
    expect(id).toMatch(new RegExp(`^mesa:${join(root, 'mesa_shader_cache_db')}#\\d+:\\d+$`));
    // A deleted and recreated cache is another cache.
    rmSync(join(root, 'mesa_shader_cache_db'), { recursive: true });
    mkdirSync(join(root, 'other')); // takes the freed inode, if the file system reuses it
    for (const t = Date.now(); Date.now() < t + 3; ); // and a later creation time
    mkdirSync(join(root, 'mesa_shader_cache_db'));
    const recreated = driverCacheIdentity(lavapipe, { MESA_SHADER_CACHE_DIR: root });
    expect(recreated === id).toBe(false);
    const off = driverCacheIdentity(lavapipe, { MESA_SHADER_CACHE_DISABLE: 'true' });
    expect(off).toBe('mesa:disabled');
    expect(driverCacheDisabled(off)).toBe(true);
  });

  it('is NVIDIA’s GLCache for the proprietary driver, and unknown for others', () => {
    const nvidia = { ...lavapipe, vendor: 'nvidia', description: 'NVIDIA: 580.159.04', software: false };
    expect(driverCacheIdentity(nvidia, { __GL_SHADER_DISK_CACHE: '0' })).toBe('nvidia:disabled');
    expect(driverCacheIdentity(nvidia, { __GL_SHADER_DISK_CACHE_PATH: join(dir, 'none') })).toBe('nvidia:absent');
    expect(driverCacheIdentity({ ...lavapipe, vendor: 'apple', description: 'Apple M3' }, {})).toBe('unknown');
  });
});
