import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeLeft } from '../../src/extension/time-left';

test('time left: no guess before three items and two seconds, then the pace of the run so far', () => {
  let t = 0;
  const eta = timeLeft(() => t);
  assert.equal(eta(0, 2001), '');
  t = 1000;
  assert.equal(eta(10, 2001), '', 'under two seconds: no guess yet');
  t = 4000;
  assert.equal(eta(2, 2001).length > 0, false, 'fewer than three written: no guess');
  t = 60_000;
  // 164 written in 60 s → 1837 left at 164/60 per second ≈ 672 s ≈ 11 min
  assert.equal(eta(164, 2001), 'about 11 min left');
  t = 61_000;
  assert.equal(eta(2000, 2001), 'about 5 s left');
  assert.equal(eta(2001, 2001), '', 'done: nothing left to say');
});

test('time left: long runs in hours, a restarted count starts the pace again', () => {
  let t = 0;
  const eta = timeLeft(() => t);
  eta(0, 100_000);
  t = 100_000;
  assert.equal(eta(100, 100_000), 'about 28 h left');
  t = 101_000;
  assert.equal(eta(0, 10), '', 'a new run (done went back) starts over');
  t = 104_000;
  assert.equal(eta(5, 10), 'about 5 s left');
});
