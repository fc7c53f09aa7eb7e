import * as assert from 'node:assert/strict';
import { LruCache } from '../../../src/shared/lruCache';

describe('LruCache', () => {
  it('drops the least recently used entry past its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.size, 2);
    assert.equal(cache.has('a'), false);
    assert.equal(cache.get('b'), 2);
    assert.equal(cache.get('c'), 3);
  });

  it('counts a read as a use: a read entry outlives one set earlier', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);
    assert.deepEqual([cache.has('a'), cache.has('b'), cache.has('c')], [true, false, true]);
  });

  it('does not count has() as a use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.has('a'), true);
    cache.set('c', 3);
    assert.equal(cache.has('a'), false);
  });

  it('replaces a value in place of adding one, and renews it', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    assert.equal(cache.size, 2);
    cache.set('c', 3);
    assert.equal(cache.get('a'), 10);
    assert.equal(cache.has('b'), false);
  });

  it('keeps falsy values (0, empty string) as entries', () => {
    const cache = new LruCache<number, number | string>(3);
    cache.set(1, 0);
    cache.set(2, '');
    assert.equal(cache.get(1), 0);
    assert.equal(cache.get(2), '');
    assert.equal(cache.size, 2);
  });

  it('empties on clear and refuses a capacity under one', () => {
    const cache = new LruCache<number, number>(1);
    cache.set(1, 1);
    cache.clear();
    assert.equal(cache.size, 0);
    assert.throws(() => new LruCache(0), RangeError);
  });
});
