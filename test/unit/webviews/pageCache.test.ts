import * as assert from 'node:assert/strict';
import type { PreviewRow } from '../../../src/shared/protocol/datasetPreview';
import { PageCache } from '../../../webviews/datasetPreview/pageCache';

const row = (n: number): PreviewRow => ({ row: n, cells: [String(n)], findings: [] });

/** A host that serves `total` rows and records every page request; `gate` holds answers back until released. */
function fakeHost(total: number) {
  const requests: Array<[number, number]> = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> | undefined;
  let failNext = false;
  return {
    requests,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
    failOnce: () => (failNext = true),
    fetch: async (start: number, count: number): Promise<PreviewRow[]> => {
      requests.push([start, count]);
      if (gate) await gate;
      if (failNext) {
        failNext = false;
        throw new Error('host went away');
      }
      return Array.from({ length: Math.max(0, Math.min(count, total - start)) }, (_, k) => row(start + k));
    },
  };
}

describe('the previewer page cache', () => {
  it('fetches every page a range overlaps, once, and serves rows from them', async () => {
    const host = fakeHost(1000);
    const cache = new PageCache(1, 10, host.fetch);
    assert.equal(cache.peek(15), undefined);
    await cache.ensure(15, 31);
    assert.deepEqual(host.requests, [
      [10, 10],
      [20, 10],
      [30, 10],
    ]);
    assert.deepEqual(cache.peek(15), row(15));
    assert.deepEqual(cache.peek(39), row(39));
    assert.equal(cache.peek(9), undefined);
    await cache.ensure(12, 38);
    assert.equal(host.requests.length, 3, 'cached pages are not asked for again');
  });

  it('shares one request between concurrent asks for the same page', async () => {
    const host = fakeHost(100);
    host.hold();
    const cache = new PageCache(1, 10, host.fetch);
    const first = cache.ensure(0, 5);
    const second = cache.ensure(3, 9);
    host.release();
    await Promise.all([first, second]);
    assert.deepEqual(host.requests, [[0, 10]]);
    assert.deepEqual(cache.peek(9), row(9));
  });

  it('asks again for a page whose request failed', async () => {
    const host = fakeHost(100);
    const cache = new PageCache(1, 10, host.fetch);
    host.failOnce();
    await assert.rejects(cache.ensure(0, 0), /host went away/);
    assert.equal(cache.peek(0), undefined);
    await cache.ensure(0, 0);
    assert.deepEqual(host.requests, [
      [0, 10],
      [0, 10],
    ]);
    assert.deepEqual(cache.peek(0), row(0));
  });

  it('keeps a bounded number of pages, dropping the least recently used', async () => {
    const host = fakeHost(1_000_000);
    const cache = new PageCache(1, 1, host.fetch);
    await cache.ensure(0, 0);
    for (let p = 1; p <= 256; p++) await cache.ensure(p, p);
    assert.equal(cache.peek(0), undefined, 'the first page was dropped after 256 newer ones');
    assert.deepEqual(cache.peek(256), row(256));
    await cache.ensure(0, 0);
    assert.equal(host.requests.filter(([start]) => start === 0).length, 2);
  });

  it('serves the short last page of a view', async () => {
    const host = fakeHost(25);
    const cache = new PageCache(7, 10, host.fetch);
    await cache.ensure(20, 29);
    assert.deepEqual(cache.peek(24), row(24));
    assert.equal(cache.peek(25), undefined);
    assert.equal(cache.viewId, 7);
  });
});
