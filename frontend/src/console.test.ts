import { describe, expect, it } from 'vitest';
import { type ConsoleResponse, consoleSummary } from './console';
import type { StatementResult } from './results';

const ok: StatementResult = { index: 1, sql: 'select 1', status: 'ok', commandTag: 'SELECT 1', rowCount: 1, columns: [],
  rows: [], truncated: false, notices: [], error: null, durationMs: 1, source: 'executed' };

describe('consoleSummary', () => {
  it('counts the input and the session', () => {
    const response: ConsoleResponse = { runId: 'r', sandboxId: 's', statements: [ok], cache: { hitDepth: 4, replayed: 0, layerCreated: false },
      durationMs: 7, journalStatements: 5, transactionRolledBack: false };
    expect(consoleSummary(response)).toBe('1 statement · 5 in the session · 7 ms');
    const failed = { ...ok, index: 2, status: 'error' as const,
      error: { sqlState: '42P01', message: 'x', detail: null, hint: null, position: null, line: null, column: null } };
    expect(consoleSummary({ ...response, statements: [ok, failed] })).toBe('2 statements · 1 failed · 5 in the session · 7 ms');
  });
});
