import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openerFor, parseScaleInterface } from '../../core/scale/links';
import { createToledoScale, type ToledoScale } from '../../core/scale/protocol';
import { scaleRoute } from './page';
import { startVirtualScale, type VirtualScale } from './server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function virtualScale(): Promise<VirtualScale> {
  const scale = await startVirtualScale({ port: 0 });
  cleanups.push(() => scale.stop());
  return scale;
}

/** Answered reads get a long timeout (a busy machine must not turn them into silence); silence is asked with read(150). */
function client(iface: string, timeoutMs = 10_000): ToledoScale {
  const parsed = parseScaleInterface(iface);
  if (!parsed.ok) throw new Error(parsed.message);
  const c = createToledoScale({ open: openerFor(parsed.value, 9600), timeoutMs });
  cleanups.push(() => c.close());
  return c;
}

describe('virtual scale over TCP', () => {
  it('answers stable, unstable, negative and overload readings, whole or in pieces', async () => {
    const scale = await virtualScale();
    const pc = client(scale.url);
    scale.set({ grams: 350 });
    expect(await pc.read()).toEqual({ kind: 'stable', grams: 350 });
    scale.set({ mode: 'unstable' });
    expect(await pc.read()).toEqual({ kind: 'unstable' });
    scale.set({ mode: 'stable', grams: -20 });
    expect(await pc.read()).toEqual({ kind: 'negative' });
    scale.set({ grams: 30_001 });
    expect(await pc.read()).toEqual({ kind: 'overload' });
    scale.set({ grams: 1250, splitFrames: true });
    expect(await pc.read()).toEqual({ kind: 'stable', grams: 1250 });
    expect(scale.state()).toMatchObject({ enqReceived: 5, connections: 1 });
  });

  it('silent: the read ends as "silent" after its timeout and the next one is answered', async () => {
    const scale = await virtualScale();
    const pc = client(scale.url);
    scale.set({ mode: 'silent', grams: 500 });
    expect(await pc.read(150)).toEqual({ kind: 'silent' });
    scale.set({ mode: 'stable' });
    expect(await pc.read()).toEqual({ kind: 'stable', grams: 500 });
    expect(scale.state().enqReceived).toBe(2);
  });

  it('a stopped scale is "unavailable" (connection refused), not silent', async () => {
    const scale = await startVirtualScale({ port: 0 });
    const url = scale.url;
    await scale.stop();
    const r = await client(url).read();
    expect(r).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('the console sets the plate over HTTP and shows the answer', async () => {
    const scale = await virtualScale();
    const route = scaleRoute(scale);
    const server = http.createServer(async (req, res) => {
      if (!(await route(req, res, new URL(req.url!, 'http://127.0.0.1')))) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/sandbox/balanca`;
    const post = (sub: string, body: unknown) => fetch(base + sub, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await (await post('/state', { grams: 780 })).json()) as object).toMatchObject({ grams: 780, answer: '00780' });
    expect(await client(scale.url).read()).toEqual({ kind: 'stable', grams: 780 });
    expect(((await (await post('/state', { mode: 'unstable' })).json()) as { answer: string }).answer).toBe('IIIII');
    expect((await post('/state', { mode: 'quebrada' })).status).toBe(400);
    expect(((await (await post('/reset', {})).json()) as { grams: number; mode: string })).toMatchObject({ grams: 0, mode: 'stable' });
    const page = await (await fetch(base)).text();
    expect(page).toContain('Peso (g)');
    expect(page).toContain(scale.url);
  });
});

/** `socat` makes a pseudo-terminal pair: one end is the scale's serial port, the other the PC's. */
async function ptyPair(): Promise<{ scaleEnd: string; pcEnd: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-pty-'));
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${dir}/balanca`, `pty,raw,echo=0,link=${dir}/pc`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.once('error', (e) => reject(new Error(`socat não pôde ser iniciado (apt-get install socat): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`socat saiu (${code}): ${err}`)));
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('starting data transfer loop')) resolve();
    });
  });
  // The links point at /dev/pts/N: the interface names the real device.
  return { scaleEnd: fs.realpathSync(`${dir}/balanca`), pcEnd: fs.realpathSync(`${dir}/pc`) };
}

describe('virtual scale over a serial port (socat pty pair)', () => {
  it('the serial adapter speaks the same protocol: stable, unstable, split frames, silence', async () => {
    const { scaleEnd, pcEnd } = await ptyPair();
    expect(pcEnd).toMatch(/^\/dev\/pts\/\d+$/);
    const scale = await virtualScale();
    await scale.serveSerial(scaleEnd, 9600);
    const pc = client(`serial:${pcEnd}`);
    scale.set({ grams: 1500 });
    expect(await pc.read()).toEqual({ kind: 'stable', grams: 1500 });
    scale.set({ mode: 'unstable' });
    expect(await pc.read()).toEqual({ kind: 'unstable' });
    scale.set({ mode: 'stable', grams: 42, splitFrames: true });
    expect(await pc.read()).toEqual({ kind: 'stable', grams: 42 });
    scale.set({ mode: 'silent' });
    expect(await pc.read(150)).toEqual({ kind: 'silent' });
    expect(scale.state().enqReceived).toBe(4);
  });

  it('a serial port that does not exist is "unavailable"', async () => {
    const r = await client('serial:/dev/ttyUSB97').read();
    expect(r).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('/dev/ttyUSB97') });
  });
});
