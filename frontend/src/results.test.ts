import { describe, expect, it } from 'vitest';
import { cellText, errorMarks, lineOf, type RunResponse, runSummary, type StatementResult, summary, toCsv } from './results';

function statement(partial: Partial<StatementResult>): StatementResult {
  return { index: 1, sql: 'select 1', status: 'ok', commandTag: 'SELECT 1', rowCount: 1, columns: [{ name: 'x', type: 'int4' }],
    rows: [[1]], truncated: false, notices: [], error: null, durationMs: 2, source: 'executed', ...partial };
}

describe('results', () => {
  it('prints cells as psql would', () => {
    expect(cellText(null)).toBe('NULL');
    expect(cellText(3)).toBe('3');
    expect(cellText(true)).toBe('true');
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
  });

  it('summarises a statement and a run', () => {
    expect(summary(statement({ rowCount: 2, commandTag: 'SELECT 2', truncated: true }))).toBe('SELECT 2 · 2 rows (truncated) · 2 ms');
    expect(summary(statement({ columns: [], rows: [], commandTag: 'CREATE TABLE', rowCount: null, durationMs: 5 }))).toBe('CREATE TABLE · 5 ms');
    const run: RunResponse = { runId: 'r', sandboxId: 's', statements: [statement({}), statement({ error: { sqlState: '42P01', message: 'x', detail: null, hint: null, position: null, line: null, column: null } })],
      cache: { hitDepth: 1, replayed: 0, layerCreated: false }, tail: null, durationMs: 9 };
    expect(runSummary(run)).toBe('2 statements · hitDepth 1 · 0 replayed · 1 failed · 9 ms');
  });

  it('marks the error line from the position, else where the statement starts', () => {
    const script = 'select 1;\n\nselect * from nope;\nselect 1/0;\n';
    const error = (line: number | null, column: number | null) => ({ sqlState: '42P01', message: 'relation "nope" does not exist',
      detail: null, hint: null, position: line === null ? null : 15, line, column });
    const marks = errorMarks(script, [
      statement({ index: 1, sql: 'select 1;' }),
      statement({ index: 2, sql: 'select * from nope;', status: 'error', error: error(3, 15) }),
      statement({ index: 3, sql: 'select 1/0;', status: 'error', error: { ...error(null, null), sqlState: '22012', message: 'division by zero' } }),
    ]);
    expect(marks).toEqual([
      { index: 2, line: 3, column: 15, message: '42P01: relation "nope" does not exist' },
      { index: 3, line: 4, column: null, message: '22012: division by zero' },
    ]);
    expect(lineOf('a\nb\nc', 4)).toBe(3);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and leaves NULL empty', () => {
    const csv = toCsv([{ name: 'id', type: 'int4' }, { name: 'note, text', type: 'text' }, { name: 'doc', type: 'jsonb' }],
      [[1, 'say "hi"', { a: 1 }], [2, null, null], [3, 'two\nlines', [1, 2]]]);
    expect(csv).toBe('id,"note, text",doc\r\n1,"say ""hi""","{""a"":1}"\r\n2,,\r\n3,"two\nlines","[1,2]"\r\n');
  });
});
