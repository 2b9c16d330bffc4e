// `ziem ui` on the real stack (Kafka, Neo4j) in a real browser (Debian's chromium via
// playwright-core). The graph is written by the sinks' own Cypher (connectors/*.json); alerts and
// incidents are produced to their topics. The page must show every host Neo4j holds (or the group
// node standing for it), open the right peers for a clicked host, list a new alert within 5 s, and
// nothing the server sends may contain the Neo4j password; bound beyond loopback, the API refuses
// requests without the token; the play-back slider shows earlier windows. Screenshots are kept in the
// artifact directory printed at the end.
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import type { Driver } from 'neo4j-driver';
import type { Page } from 'playwright-core';
import { Kafka, logLevel } from '../../../core/kafka/kafka-client.js';
import { makeContext } from '../../../cli/context.js';
import { run } from '../../../cli/ui/ui.js';
import type { UiServer } from '../../../cli/ui/server.js';
import { uiTokenFile } from '../../../cli/ui/ui-token.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { testDriver } from '../support/graph-checks.js';
import { applyGraphSchema, writeThroughSink } from '../../../bench/ui/sink-writer.js';
import { launchBrowser, type TestBrowser } from '../../../bench/ui/browser.js';
import { flow, FLOOD_SOURCES, FLOOD_VICTIM, SCANNER, scene, T0 } from '../../../bench/ui/map-traffic.js';

const ARTIFACTS = process.env['ZIEM_TEST_ARTIFACTS']
  ? join(process.env['ZIEM_TEST_ARTIFACTS'], 'ui')
  : mkdtempSync(join(tmpdir(), 'ziem-ui-artifacts-'));

let stack: TestStack;
let driver: Driver;
let producer: Producer;
let browser: TestBrowser;
const servers: { loopback?: UiServer; open?: UiServer } = {};
const stop = new AbortController();
const runs: Promise<void>[] = [];
let logged = '';

const alert = (
  kind: string,
  src: string,
  dst: string | null,
  window: number,
  score: number,
): Record<string, unknown> => ({
  KIND: kind,
  SRC: src,
  DST: dst,
  WINDOW_START: T0 + window * 10_000,
  WINDOW_END: T0 + (window + 1) * 10_000,
  SCORE: score,
  REASON: `${kind.toLowerCase()} test`,
});

async function startUi(host: string): Promise<UiServer> {
  return new Promise<UiServer>((resolve, reject) => {
    const ctx = makeContext({
      config: stack.config,
      env: process.env,
      stdout: { write: (s: string) => (logged += s) },
      stderr: { write: (s: string) => (logged += s) },
    });
    runs.push(run(ctx, { host, port: 0, signal: stop.signal, onListening: resolve }).catch(reject));
  });
}

const neo4jHosts = async (): Promise<string[]> =>
  (await driver.executeQuery('MATCH (h:Host) RETURN h.ip AS ip')).records.map((r) => String(r.get('ip'))).sort();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startTestStack({ components: ['kafka', 'neo4j'] });
  driver = testDriver(stack.boltUrl, stack.neo4jUser, stack.neo4jPassword);
  await applyGraphSchema(driver);
  await writeThroughSink(driver, 'ziem-flows-graph', scene());
  const scan = alert('PORT_SCAN', SCANNER, '10.77.0.11', 3, 900);
  await writeThroughSink(driver, 'ziem-alerts-graph', [scan]);
  const kafka = new Kafka({ clientId: 'ziem-ui-test', brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
  producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'ALERTS', messages: [{ value: JSON.stringify(scan) }] });
  servers.loopback = await startUi('127.0.0.1');
  servers.open = await startUi('0.0.0.0');
  browser = await launchBrowser();
});

afterAll(async () => {
  stop.abort();
  await Promise.allSettled(runs);
  await browser?.close();
  await producer?.disconnect();
  await driver?.close();
  await stack?.stop();
  process.stderr.write(`ui test artifacts (screenshots): ${ARTIFACTS}\n`);
});

const mapLoaded = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => ((window as unknown as { ziemMap?: { loads(): number } }).ziemMap?.loads() ?? 0) > 0);

/** Opens the map and collects every response body the page received. */
async function openMap(url: string): Promise<{ page: Page; bodies: string[] }> {
  const page = await browser.context.newPage();
  const bodies: string[] = [];
  page.on('response', (r) => {
    if (!r.url().endsWith('/api/events'))
      void r.text().then(
        (t) => bodies.push(t),
        () => undefined,
      );
  });
  await page.goto(url);
  await mapLoaded(page);
  return { page, bodies };
}

const status = async (page: Page): Promise<Record<string, number>> =>
  page.$eval('#status', (el) =>
    Object.fromEntries(Object.entries((el as HTMLElement).dataset).map(([k, v]) => [k, Number(v)])),
  );

describe('ziem ui', () => {
  it('the page shows every host Neo4j holds, one-peer flood sources as one group node', async () => {
    const { page, bodies } = await openMap(servers.loopback!.url);
    const hosts = await neo4jHosts();
    const s = await status(page);
    expect(s['hosts']).toBe(hosts.length);
    // the 40 spoofed sources of the flood stand as one group; every other host is its own node
    expect(s['groups']).toBe(1);
    expect(s['grouped']).toBe(FLOOD_SOURCES.length);
    expect(s['nodes']).toBe(hosts.length - FLOOD_SOURCES.length + 1);
    const onMap = await page.evaluate(
      (ips) =>
        ips.filter((ip) => (window as unknown as { ziemMap: { hasNode(i: string): boolean } }).ziemMap.hasNode(ip)),
      hosts,
    );
    expect(onMap.sort()).toEqual(hosts.filter((h) => !FLOOD_SOURCES.includes(h)));
    expect(await page.locator('#status').textContent()).toContain(`${FLOOD_SOURCES.length} drawn as 1 group node`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
    const html = await page.content();
    for (const text of [html, ...bodies]) expect(text).not.toContain(stack.neo4jPassword);
    await page.close();
  });

  it('clicking a host opens its panel with the peers Neo4j has for it', async () => {
    const { page } = await openMap(servers.loopback!.url);
    const ip = '10.77.0.11';
    const at = await page.evaluate(
      (id) =>
        (
          window as unknown as { ziemMap: { viewportPosition(i: string): { x: number; y: number } } }
        ).ziemMap.viewportPosition(id),
      ip,
    );
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.locator('#panel-title').waitFor();
    expect(await page.locator('#panel-title').textContent()).toContain(ip);
    const shown = await page.$$eval('#panel tr.peer', (rows) =>
      rows.map((r) => `${r.children[0]?.textContent} ${(r as HTMLElement).dataset['ip']}`),
    );
    const expected = (
      await driver.executeQuery(
        `MATCH (h:Host {ip: $ip})-[:TALKS_TO]->(p) RETURN '→ ' + p.ip AS x UNION ALL MATCH (h:Host {ip: $ip})<-[:TALKS_TO]-(p) RETURN '← ' + p.ip AS x`,
        { ip },
      )
    ).records.map((r) => String(r.get('x')));
    expect(shown.sort()).toEqual(expected.sort());
    expect(await page.locator('#panel .alerts').textContent()).toContain('PORT_SCAN');
    await page.screenshot({ path: join(ARTIFACTS, 'host-panel.png') });
    await page.close();
  });

  it('an alert and an incident produced to their topics show in the lists within 5 s', async () => {
    const { page } = await openMap(servers.loopback!.url);
    await page.locator('#alerts li.alert', { hasText: 'PORT_SCAN' }).waitFor({ timeout: 10_000 });
    const flood = alert('SYN_FLOOD', `${FLOOD_SOURCES.length} sources`, FLOOD_VICTIM, 4, 40);
    const sent = Date.now();
    await producer.send({ topic: 'ALERTS', messages: [{ value: JSON.stringify(flood) }] });
    await page.locator('#alerts li.alert', { hasText: 'SYN_FLOOD' }).waitFor({ timeout: 5_000 });
    const alertMs = Date.now() - sent;
    const incident = {
      INCIDENT_ID: `PORT_SCAN|${SCANNER}|${T0}`,
      INCIDENT_KIND: 'PORT_SCAN',
      ATTACKER: SCANNER,
      VICTIM: '10.77.0.11',
      FIRST_SEEN: Date.now() - 30_000,
      LAST_SEEN: Date.now(),
      WINDOWS: 1,
      ALERTS: 1,
      MAX_SCORE: 900,
      LAST_REASON: 'port scan test',
    };
    const sentIncident = Date.now();
    await producer.send({ topic: 'INCIDENTS', messages: [{ value: JSON.stringify(incident) }] });
    const item = page.locator('#incidents li.incident', { hasText: SCANNER });
    await item.waitFor({ timeout: 5_000 });
    const incidentMs = Date.now() - sentIncident;
    process.stderr.write(`ui: alert on screen ${alertMs} ms, incident ${incidentMs} ms after produce\n`);
    expect(await item.textContent()).toContain('open');
    // selecting the incident brings its hosts forward; the victim of the flood is marked
    await item.click();
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(ARTIFACTS, 'incident-selected.png') });
    // the camera went to the victim: it is drawn inside the map, not off in graph coordinates
    const at = await page.evaluate(
      (id) =>
        (
          window as unknown as { ziemMap: { viewportPosition(i: string): { x: number; y: number } } }
        ).ziemMap.viewportPosition(id),
      '10.77.0.11',
    );
    const box = (await page.locator('#map').boundingBox())!;
    expect(at.x).toBeGreaterThan(0);
    expect(at.y).toBeGreaterThan(0);
    expect(at.x).toBeLessThan(box.width);
    expect(at.y).toBeLessThan(box.height);
    await page.close();
  });

  it('bound beyond loopback, every request needs the token (0600 file, never logged)', async () => {
    const base = servers.open!.url.replace('0.0.0.0', '127.0.0.1');
    const file = uiTokenFile(stack.config.stateDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(file, 'utf8').trim();
    for (const path of ['/', '/app.js', '/api/graph', '/api/host?ip=10.77.0.11', '/api/events'])
      expect((await fetch(base + path.slice(1))).status, path).toBe(401);
    expect(
      (await fetch(`${base}api/graph`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
    const ok = await fetch(`${base}api/graph`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const body = await ok.text();
    expect(body).not.toContain(stack.neo4jPassword);
    expect((JSON.parse(body) as { hosts: { ip: string[] } }).hosts.ip.sort()).toEqual(await neo4jHosts());
    // in the browser: without the token a 401 page, with ?token= once the map (the cookie carries on)
    const page = await browser.context.newPage();
    expect((await page.goto(base))?.status()).toBe(401);
    await page.goto(`${base}?token=${encodeURIComponent(token)}`);
    expect(page.url()).not.toContain(token);
    await mapLoaded(page);
    expect((await status(page))['hosts']).toBe((await neo4jHosts()).length);
    expect(await page.content()).not.toContain(token);
    await page.close();
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(stack.neo4jPassword);
    expect(logged).toContain('the network map is at');
  });

  it('the play-back slider steps through earlier windows and the map shows each one', async () => {
    // ten minutes before the scene, two hosts that talk only then
    const early = ['10.77.0.31', '10.77.0.32'] as const;
    await writeThroughSink(driver, 'ziem-flows-graph', [
      flow(early[0], early[1], -60, 5),
      flow(early[1], early[0], -60, 4),
    ]);
    const { page } = await openMap(`${servers.loopback!.url}?window=5m`);
    const has = (ip: string): Promise<boolean> =>
      page.evaluate((i) => (window as unknown as { ziemMap: { hasNode(x: string): boolean } }).ziemMap.hasNode(i), ip);
    const hasNow = (ip: string): Promise<unknown> =>
      page.waitForFunction(
        (i) => (window as unknown as { ziemMap: { hasNode(x: string): boolean } }).ziemMap.hasNode(i),
        ip,
        { timeout: 5_000 },
      );
    const slider = page.locator('#playback');
    // the newest window (the scene's last 5 min), from T0 - 10 min: three steps of 5 min
    expect(await slider.isEnabled()).toBe(true);
    expect([await slider.getAttribute('min'), await slider.inputValue()]).toEqual(['-2', '0']);
    const live = await status(page);
    expect(await has(SCANNER)).toBe(true);
    expect(await has(early[0])).toBe(false);
    // moved to its oldest step (Home, as a person would with the keyboard): only the early pair
    await slider.focus();
    await page.keyboard.press('Home');
    await hasNow(early[0]);
    expect(await has(early[1])).toBe(true);
    expect(await has(SCANNER)).toBe(false);
    expect((await status(page))['hosts']).toBe(2);
    const newest = T0 + 6 * 10_000;
    expect(await page.locator('#playback-at').getAttribute('data-to')).toBe(String(newest - 2 * 5 * 60_000));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, 'playback-oldest.png') });
    // one step on: a window with no traffic at all
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('status')?.dataset['hosts'] === '0', undefined, {
      timeout: 5_000,
    });
    expect(await has(early[0])).toBe(false);
    // back to the newest: the live picture again
    await page.keyboard.press('End');
    await hasNow(SCANNER);
    expect((await status(page))['hosts']).toBe(live['hosts']);
    expect(await page.locator('#playback-at').textContent()).toContain('(live)');
    await page.close();
  });
});
