import { describe, expect, it } from 'vitest';
import { describeProblem, problemKind, retryAfterSeconds } from './problem';

describe('problemKind', () => {
  it('takes the last segment of a Taidon problem type', () => {
    expect(problemKind({ type: 'https://taidon.io/problems/tail-unknown' })).toBe('tail-unknown');
    expect(problemKind({ type: 'about:blank' })).toBe('about:blank');
    expect(problemKind({})).toBeNull();
    expect(problemKind(null)).toBeNull();
  });
});

describe('retryAfterSeconds', () => {
  it('reads delay seconds and HTTP dates', () => {
    expect(retryAfterSeconds('17')).toBe(17);
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterSeconds('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('Thu, 03 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

describe('describeProblem', () => {
  it('says when to retry a 429', () => {
    expect(describeProblem(429, { title: 'Too many requests' }, 12)).toBe('Too many requests right now: try again in 12 seconds.');
    expect(describeProblem(429, null, null)).toContain('in a moment');
  });

  it('joins title and detail, without repeating the title', () => {
    expect(describeProblem(400, { title: 'Weak password', detail: 'Use at least 12 characters.' }))
      .toBe('Weak password: Use at least 12 characters.');
    expect(describeProblem(404, { title: 'Not found', detail: 'Not found: sb_1' })).toBe('Not found: sb_1');
  });

  it('tells what to delete when a quota is full', () => {
    const message = describeProblem(403, { type: 'https://taidon.io/problems/quota-exceeded', detail: 'At most 3 sandboxes.' });
    expect(message).toContain('At most 3 sandboxes.');
    expect(message).toContain('Delete');
  });

  it('never shows a server error body', () => {
    const message = describeProblem(500, { title: 'Internal', detail: 'java.lang.NullPointerException at Foo' });
    expect(message).not.toContain('java.lang');
    expect(describeProblem(504, null)).toContain('not answering');
    expect(describeProblem(418, null)).toBe('The request failed (HTTP 418).');
  });
});
