/**
 * The shape of `POST /api/runs` answers and what the results view derives from them.
 * @module
 */

/** A result column: its name and PostgreSQL type name. */
export interface Column {
  name: string;
  type: string;
}

/** Why a statement failed (`line`/`column` are 1-based in the whole script, when the server gave a position). */
export interface StatementError {
  sqlState: string;
  message: string;
  detail: string | null;
  hint: string | null;
  position: number | null;
  line: number | null;
  column: number | null;
}

/** Where a statement's result came from. */
export type Source = 'cache' | 'replayed' | 'executed';

/** What one statement did. */
export interface StatementResult {
  index: number;
  sql: string;
  status: 'ok' | 'error';
  commandTag: string | null;
  rowCount: number | null;
  columns: Column[];
  rows: unknown[][];
  truncated: boolean;
  notices: string[];
  error: StatementError | null;
  durationMs: number;
  source: Source;
}

/** `POST /api/runs` answer. */
export interface RunResponse {
  runId: string;
  sandboxId: string;
  statements: StatementResult[];
  cache: { hitDepth: number; replayed: number; layerCreated: boolean };
  tail: { ref: string; length: number } | null;
  durationMs: number;
}

/**
 * @param value a cell as the API sends it (JSON scalar, json/jsonb value, or null)
 * @returns its text for the table: `NULL` for SQL NULL, JSON for json values, else the value's text
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return 'NULL';
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * @param statement a statement's result
 * @returns the one-line summary psql would print after it, e.g. `SELECT 2 · 2 rows · 3 ms`
 */
export function summary(statement: StatementResult): string {
  const parts: string[] = [];
  if (statement.error !== null) {
    parts.push(`ERROR ${statement.error.sqlState}`);
  } else if (statement.commandTag !== null) {
    parts.push(statement.commandTag);
  }
  if (statement.rowCount !== null && statement.columns.length > 0) {
    parts.push(`${statement.rowCount} ${statement.rowCount === 1 ? 'row' : 'rows'}${statement.truncated ? ' (truncated)' : ''}`);
  }
  parts.push(`${statement.durationMs} ms`);
  return parts.join(' · ');
}

/**
 * @param source a statement's source
 * @returns what its badge says: served from the cache, replayed to rebuild state, or executed now
 */
export function sourceLabel(source: Source): string {
  switch (source) {
    case 'cache':
      return 'cache';
    case 'replayed':
      return 'replayed';
    default:
      return 'executed';
  }
}

/**
 * @param run a run's answer
 * @returns one line for the whole run, e.g. `3 statements · 2 from cache (hitDepth 2) · 0 replayed · 41 ms`
 */
export function runSummary(run: RunResponse): string {
  const failed = run.statements.filter((statement) => statement.error !== null).length;
  const parts = [
    `${run.statements.length} ${run.statements.length === 1 ? 'statement' : 'statements'}`,
    `hitDepth ${run.cache.hitDepth}`,
    `${run.cache.replayed} replayed`,
  ];
  if (failed > 0) {
    parts.push(`${failed} failed`);
  }
  parts.push(`${run.durationMs} ms`);
  return parts.join(' · ');
}

/** Where a failing statement is marked in the editor. */
export interface ErrorMark {
  /** 1-based statement index */
  index: number;
  /** 1-based line in the script */
  line: number;
  /** 1-based column, or null when only the statement's line is known */
  column: number | null;
  /** the error's message with its SQLSTATE */
  message: string;
}

/**
 * Finds the line of each failing statement: the error's own line and column when the server gave a position,
 * else the line where the statement's text starts (found in order in the script).
 *
 * @param script the whole script that ran
 * @param statements the run's statements, in order
 * @returns one mark per failing statement
 */
export function errorMarks(script: string, statements: StatementResult[]): ErrorMark[] {
  const marks: ErrorMark[] = [];
  let cursor = 0;
  for (const statement of statements) {
    const text = statement.sql.trim();
    const at = text === '' ? -1 : script.indexOf(text, cursor);
    if (at >= 0) {
      cursor = at + text.length;
    }
    const error = statement.error;
    if (error === null) {
      continue;
    }
    const message = `${error.sqlState}: ${error.message}`;
    if (error.line !== null) {
      marks.push({ index: statement.index, line: error.line, column: error.column, message });
    } else if (at >= 0) {
      marks.push({ index: statement.index, line: lineOf(script, at), column: null, message });
    }
  }
  return marks;
}

/**
 * @param text a text
 * @param offset a UTF-16 offset into it
 * @returns the 1-based line of that offset
 */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

/**
 * Writes a statement's rows as CSV (RFC 4180): a header line of column names, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break; SQL NULL as an empty field.
 *
 * @param columns the columns
 * @param rows the rows as the API sends them
 * @returns the CSV text
 */
export function toCsv(columns: Column[], rows: unknown[][]): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [columns.map((column) => field(column.name)).join(',')];
  for (const row of rows) {
    lines.push(row.map((value) => (value === null || value === undefined ? '' : field(cellText(value)))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
