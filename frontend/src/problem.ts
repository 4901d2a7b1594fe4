/**
 * RFC 9457 problem details as Taidon's services answer them, and their translation into one human sentence.
 * @module
 */

/** A `application/problem+json` body; `type` is `https://taidon.io/problems/<kind>`. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const PREFIX = 'https://taidon.io/problems/';

/**
 * @param problem a problem body, or null
 * @returns the problem's kind (the last segment of its `type` URI, e.g. `tail-unknown`), or null
 */
export function problemKind(problem: Problem | null | undefined): string | null {
  const type = problem?.type;
  if (typeof type !== 'string' || type.length === 0) {
    return null;
  }
  return type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type.slice(type.lastIndexOf('/') + 1);
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay seconds or an HTTP date.
 *
 * @param header the header value, or null
 * @param now the current time in epoch milliseconds
 * @returns whole seconds to wait (≥ 0), or null when absent or unreadable
 */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') {
    return null;
  }
  const value = header.trim();
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * One human sentence for a failed call: never a stack trace or a JSON dump.
 *
 * @param status the HTTP status
 * @param problem the problem body, or null when the answer had none
 * @param retryAfter seconds from `Retry-After`, or null
 * @returns the message to show
 */
export function describeProblem(status: number, problem: Problem | null, retryAfter: number | null = null): string {
  const kind = problemKind(problem);
  const detail = typeof problem?.detail === 'string' && problem.detail.trim() !== '' ? problem.detail.trim() : null;
  if (status === 429) {
    const when = retryAfter === null ? 'in a moment' : retryAfter <= 1 ? 'in a second' : `in ${retryAfter} seconds`;
    return `Too many requests right now: try again ${when}.`;
  }
  if (kind === 'quota-exceeded') {
    return `${detail ?? 'A quota is full.'} Delete something you no longer need (a sandbox or a snapshot) and try again.`;
  }
  if (status === 401) {
    return 'Your session has ended: sign in again.';
  }
  if (status === 502 || status === 503 || status === 504) {
    return 'A Taidon service is not answering right now. Your work is kept; try again in a moment.';
  }
  if (status >= 500) {
    return 'Something went wrong on the server. Try again; if it keeps happening, the service logs say why.';
  }
  const title = typeof problem?.title === 'string' && problem.title.trim() !== '' ? problem.title.trim() : null;
  if (title !== null && detail !== null) {
    return detail.toLowerCase().startsWith(title.toLowerCase()) ? detail : `${title}: ${detail}`;
  }
  return detail ?? title ?? `The request failed (HTTP ${status}).`;
}
