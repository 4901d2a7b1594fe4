/**
 * The console form of runs (`POST /api/sandboxes/{id}/console`): statements apply to the sandbox's base plus its
 * journal, like a psql session.
 * @module
 */
import type { RunResponse, StatementResult } from './results';

/** `POST /api/sandboxes/{id}/console` answer: `index` and error lines count within the call. */
export interface ConsoleResponse {
  runId: string;
  sandboxId: string;
  statements: StatementResult[];
  cache: RunResponse['cache'];
  durationMs: number;
  /** statements in the journal after this call */
  journalStatements: number;
  /** whether the call left a transaction open, which was rolled back */
  transactionRolledBack: boolean;
}

/**
 * @param response a console call's answer
 * @returns one line for the transcript, e.g. `2 statements · 5 in the session · 12 ms`
 */
export function consoleSummary(response: ConsoleResponse): string {
  const count = response.statements.length;
  const failed = response.statements.filter((statement) => statement.error !== null).length;
  const parts = [`${count} ${count === 1 ? 'statement' : 'statements'}`];
  if (failed > 0) {
    parts.push(`${failed} failed`);
  }
  parts.push(`${response.journalStatements} in the session`, `${response.durationMs} ms`);
  return parts.join(' · ');
}

/** What the transcript says when a call left a transaction open. */
export const ROLLED_BACK_NOTICE = 'The transaction this input left open was rolled back: no transaction spans console inputs. '
  + 'Put BEGIN … COMMIT in one input.';
