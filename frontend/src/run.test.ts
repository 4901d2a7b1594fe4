import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import type { RunResponse } from './results';
import { keptAfter, planRun, type RunRequest, TailRunner } from './run';

const SETUP = "create table pet (id int primary key, name text, kind text);\ninsert into pet values (1, 'Rex', 'dog');\n";

function answer(sandboxId: string, tail: { ref: string; length: number } | null): RunResponse {
  return { runId: 'run_1', sandboxId, statements: [], cache: { hitDepth: 0, replayed: 0, layerCreated: false }, tail, durationMs: 1 };
}

describe('planRun', () => {
  const kept = { ref: 'f'.repeat(64), length: SETUP.length, text: SETUP };

  it('sends only the text after a kept tail the script starts with', () => {
    expect(planRun(`${SETUP}select 1;`, 'sb_1', kept)).toEqual({ sql: 'select 1;', sandboxId: 'sb_1', tailRef: kept.ref });
  });

  it('sends the whole script when the tail changed or nothing follows it', () => {
    const changed = SETUP.replace('Rex', 'Max');
    expect(planRun(`${changed}select 1;`, 'sb_1', kept)).toEqual({ sql: `${changed}select 1;`, sandboxId: 'sb_1' });
    expect(planRun(SETUP, 'sb_1', kept)).toEqual({ sql: SETUP, sandboxId: 'sb_1' });
    expect(planRun('select 1;', null, null)).toEqual({ sql: 'select 1;' });
  });

  it('measures the tail in UTF-16 code units, as the runner does', () => {
    const script = "select '😀';\nselect 2;";
    const tail = keptAfter(script, answer('sb_1', { ref: 'r', length: "select '😀';\n".length }));
    expect(tail?.text).toBe("select '😀';\n");
    expect(planRun(`${tail!.text}select 3;`, 'sb_1', tail).sql).toBe('select 3;');
  });
});

describe('TailRunner', () => {
  it('re-runs with tailRef and falls back to the whole script on 409 tail-unknown', async () => {
    const sent: RunRequest[] = [];
    const answers: Array<() => RunResponse> = [
      () => answer('sb_1', { ref: 'ref1', length: SETUP.length }),
      () => answer('sb_1', { ref: 'ref1', length: SETUP.length }),
      () => { throw new ApiError(409, { type: 'https://taidon.io/problems/tail-unknown' }, null); },
      () => answer('sb_1', null),
      () => answer('sb_1', null),
    ];
    const runner = new TailRunner(async (body) => {
      sent.push(body);
      return answers.shift()!();
    });
    await runner.run(`${SETUP}select 1;`, null);
    const second = await runner.run(`${SETUP}select 2;`, 'sb_1');
    expect(second).toMatchObject({ usedTail: true, sentChars: 'select 2;'.length });
    const third = await runner.run(`${SETUP}select 3;`, 'sb_1');
    expect(third.usedTail).toBe(false);
    expect(sent.map((body) => body.tailRef ?? null)).toEqual([null, 'ref1', 'ref1', null]);
    expect(sent[3].sql).toBe(`${SETUP}select 3;`);
    await runner.run(`${SETUP}select 4;`, 'sb_1');
    expect(sent[4].tailRef).toBeUndefined();
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const runner = new TailRunner(async () => {
      calls++;
      throw new ApiError(409, { type: 'https://taidon.io/problems/run-in-progress' }, null);
    });
    await expect(runner.run('select 1;', 'sb_1')).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
  });
});
