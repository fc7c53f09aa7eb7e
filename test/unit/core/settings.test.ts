import * as assert from 'node:assert/strict';
import { booleanSetting, enumSetting, integerSetting, numberMapSetting, stringListSetting } from '../../../src/core/settings/normalizers';
import { defaultSettings, resolveSettings } from '../../../src/core/settings/settings';

describe('settings normalisers', () => {
  it('fall back to the default for values of the wrong type', () => {
    assert.equal(integerSetting(5).normalize('many'), 5);
    assert.equal(integerSetting(5).normalize(null), 5);
    assert.equal(booleanSetting(true).normalize('false'), true);
    assert.equal(enumSetting('error', ['error', 'warning'] as const).normalize('fatal'), 'error');
  });

  it('accept numeric strings, round integers and clamp to bounds', () => {
    assert.equal(integerSetting(5, { min: 1, max: 10 }).normalize('7'), 7);
    assert.equal(integerSetting(5, { min: 1, max: 10 }).normalize(7.6), 8);
    assert.equal(integerSetting(5, { min: 1, max: 10 }).normalize(99), 10);
    assert.equal(integerSetting(5, { min: 1, max: 10 }).normalize(-3), 1);
  });

  it('keep the good entries of lists and maps', () => {
    assert.deepEqual(stringListSetting([]).normalize(['a', 1, 'b']), ['a', 'b']);
    assert.deepEqual({ ...numberMapSetting({}).normalize({ a: 0.5, b: 'x', c: NaN }) }, { a: 0.5 });
    assert.deepEqual({ ...numberMapSetting({ d: 1 }).normalize([1]) }, { d: 1 });
  });
});

describe('resolveSettings', () => {
  it('gives every documented default when nothing is set', () => {
    assert.equal(defaultSettings()['preview.pageSize'], 200);
  });

  it('normalises what is set', () => {
    assert.equal(resolveSettings((key) => (key === 'preview.pageSize' ? 1e9 : undefined))['preview.pageSize'], 5000);
  });
});
