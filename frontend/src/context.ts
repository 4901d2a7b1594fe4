/**
 * What the panels get from the app: the API client, the status line, the confirmation dialog and the sandbox in use.
 * @module
 */
import type { ApiClient } from './api';

/** The app's services a panel uses. */
export interface AppContext {
  /** the API client */
  client: ApiClient;
  /** shows a failure as a human message (a banner when Taidon cannot be reached) */
  report(error: unknown): void;
  /** puts a message in the status line */
  say(message: string, isError?: boolean): void;
  /** asks in a modal dialog; resolves true when the learner confirms */
  confirm(title: string, text: string, confirm: string): Promise<boolean>;
  /** @returns the sandbox the editor runs in, or null before the first run created the default one */
  sandboxId(): string | null;
}

/**
 * @param sandboxId a sandbox id
 * @param rest the path after the sandbox, e.g. `/console`
 * @returns the API path `/api/sandboxes/{id}{rest}`
 */
export function sandboxPath(sandboxId: string, rest = ''): string {
  return `/api/sandboxes/${encodeURIComponent(sandboxId)}${rest}`;
}
