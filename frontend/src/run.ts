/**
 * Running the editor's script with `tailRef`: a re-run whose script starts with the tail the runner kept for the
 * sandbox sends only the text after it; a `409 tail-unknown` answer falls back to the whole script once.
 * @module
 */
import { ApiError } from './api';
import type { RunResponse } from './results';

/** A tail the runner said it keeps for a sandbox (`tail: {ref, length}`), with the text it names. */
export interface KeptTail {
  ref: string;
  length: number;
  text: string;
}

/** The `POST /api/runs` body. */
export interface RunRequest {
  sql: string;
  sandboxId?: string;
  tailRef?: string;
}

/**
 * Chooses what to send: only the text after the kept tail when the script starts with exactly that tail's text and
 * has more after it (the runner's own rule), else the whole script.
 *
 * @param script the whole script in the editor
 * @param sandboxId the sandbox to run in, or null for the learner's default sandbox
 * @param kept the tail kept for that sandbox, or null
 * @returns the request body
 */
export function planRun(script: string, sandboxId: string | null, kept: KeptTail | null): RunRequest {
  const body: RunRequest = { sql: script };
  if (sandboxId !== null) {
    body.sandboxId = sandboxId;
  }
  if (kept !== null && script.length > kept.length && script.startsWith(kept.text)) {
    body.sql = script.slice(kept.length);
    body.tailRef = kept.ref;
  }
  return body;
}

/**
 * @param script the whole script that ran
 * @param response the run's answer
 * @returns the tail the next run of the sandbox may name, or null when the runner keeps none
 */
export function keptAfter(script: string, response: RunResponse): KeptTail | null {
  if (response.tail === null || response.tail === undefined || response.tail.length > script.length) {
    return null;
  }
  return { ref: response.tail.ref, length: response.tail.length, text: script.slice(0, response.tail.length) };
}

/** What a run sent and got. */
export interface RunOutcome {
  response: RunResponse;
  /** characters of SQL sent in the request that answered */
  sentChars: number;
  /** whether the run named a kept tail (after any fallback: false when the whole script went) */
  usedTail: boolean;
}

/** Runs scripts, remembering the last kept tail per sandbox. */
export class TailRunner {
  private readonly tails = new Map<string, KeptTail>();

  /** @param post sends one `POST /api/runs` body and returns the answer (throws ApiError on an error status) */
  constructor(private readonly post: (body: RunRequest) => Promise<RunResponse>) {}

  /**
   * @param script the whole script
   * @param sandboxId the sandbox, or null for the default one
   * @returns the run's answer and how it was sent
   */
  async run(script: string, sandboxId: string | null): Promise<RunOutcome> {
    const key = sandboxId ?? '';
    const body = planRun(script, sandboxId, this.tails.get(key) ?? null);
    let response: RunResponse;
    let sent = body;
    try {
      response = await this.post(body);
    } catch (error) {
      if (body.tailRef === undefined || !(error instanceof ApiError && error.status === 409 && error.kind === 'tail-unknown')) {
        throw error;
      }
      this.tails.delete(key);
      sent = planRun(script, sandboxId, null);
      response = await this.post(sent);
    }
    const kept = keptAfter(script, response);
    for (const id of [key, response.sandboxId]) {
      if (kept === null) {
        this.tails.delete(id);
      } else {
        this.tails.set(id, kept);
      }
    }
    return { response, sentChars: sent.sql.length, usedTail: sent.tailRef !== undefined };
  }

  /** Forgets every kept tail (sign-out, reset, sandbox deleted). */
  forget(): void {
    this.tails.clear();
  }
}
