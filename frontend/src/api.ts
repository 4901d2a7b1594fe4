/**
 * The client of Taidon's public API (through the gateway, same origin): bearer tokens kept in local storage, one
 * refresh and retry on 401, every failure as an {@link ApiError} (a ProblemDetail) or a {@link NetworkError}.
 * @module
 */
import { describeProblem, type Problem, problemKind, retryAfterSeconds } from './problem';
import type { SandboxBase } from './snapshots';
import { type KeyValueStore, readJson, SESSION_KEY } from './storage';

/** What a sign-in answers (`POST /api/auth/anonymous|register|login|refresh`). */
export interface TokenResponse {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  userId: string;
  refreshToken: string;
}

/** The session the app keeps: the last token answer plus whether it is an anonymous one. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  anonymous: boolean;
}

/** `GET /api/me`. */
export interface Me {
  userId: string;
  kind: 'anonymous' | 'registered' | string;
  email: string | null;
  createdAt: string;
  quotas: {
    maxSandboxes: number;
    maxNamedSnapshots: number;
    snapshotStorageBytes: number;
    sandboxCpus: number;
    sandboxMemoryBytes: number;
    statementTimeoutMs: number;
    runsPerMinute: number;
  };
  usage: { sandboxes: number | null; namedSnapshots: number | null; snapshotStorageBytes: number | null };
}

/** One sandbox as `GET /api/sandboxes` lists it. */
export interface Sandbox {
  id: string;
  status: string;
  engineVersion: string;
  defaultSandbox: boolean;
  createdAt: string;
  lastUsedAt: string;
  sizeBytes: number | null;
  /** what its runs start from and reset goes back to */
  base?: SandboxBase;
}

/** One event of `GET /api/audit/events`. */
export interface AuditEvent {
  id: number;
  actor: string;
  action: string;
  objectType: string;
  objectId: string | null;
  outcome: string;
  time: string;
}

/** A page of `GET /api/audit/events?page=&size=`. */
export interface AuditPage {
  items: AuditEvent[];
  page: number;
  size: number;
  total: number;
}

/** A call the API answered with an error status. */
export class ApiError extends Error {
  /**
   * @param status HTTP status
   * @param problem the ProblemDetail body, or null when there was none
   * @param retryAfter seconds from `Retry-After`, or null
   */
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly retryAfter: number | null,
  ) {
    super(describeProblem(status, problem, retryAfter));
    this.name = 'ApiError';
  }

  /** @returns the problem's kind (`tail-unknown`, `rate-limited`, …), or null */
  get kind(): string | null {
    return problemKind(this.problem);
  }
}

/** The gateway could not be reached at all (network down, gateway stopped). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Taidon cannot be reached. Your work stays here; this message goes once Taidon answers again.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Calls the API as the signed-in learner. */
export class ApiClient {
  private session: Session | null;

  private refreshing: Promise<Session> | null = null;

  /**
   * @param fetchFn `fetch`, or a stand-in in tests
   * @param store where the session is kept
   * @param onSessionChange told whenever the session changes (sign-in, refresh, sign-out, a new anonymous session)
   */
  constructor(
    private readonly fetchFn: Fetch,
    private readonly store: KeyValueStore,
    private readonly onSessionChange: (session: Session | null) => void = () => {},
  ) {
    this.session = readJson<Session>(store, SESSION_KEY);
  }

  /** @returns the current session, or null before the first sign-in */
  get current(): Session | null {
    return this.session;
  }

  /**
   * Makes sure there is a session: starts an anonymous one when there is none.
   *
   * @returns the session
   */
  async ensureSession(): Promise<Session> {
    return this.session ?? this.anonymous();
  }

  /** Starts a new anonymous session (`POST /api/auth/anonymous`, 201). */
  async anonymous(): Promise<Session> {
    const tokens = await this.send<TokenResponse>('POST', '/api/auth/anonymous', undefined, null);
    return this.keep(tokens, true);
  }

  /**
   * Registers with email and password; an anonymous learner keeps their `userId` and their work.
   *
   * @param email the email
   * @param password the password (the service's rules apply; a weak one answers a problem)
   */
  async register(email: string, password: string): Promise<Session> {
    // as the current (anonymous) identity, refreshed if its access token expired: that is what keeps the userId
    const tokens = await this.request<TokenResponse>('POST', '/api/auth/register', { email, password });
    return this.keep(tokens, false);
  }

  /**
   * Signs in with email and password.
   *
   * @param email the email
   * @param password the password
   */
  async login(email: string, password: string): Promise<Session> {
    const tokens = await this.send<TokenResponse>('POST', '/api/auth/login', { email, password }, null);
    return this.keep(tokens, false);
  }

  /** Revokes the refresh token (best effort) and forgets the session. */
  async logout(): Promise<void> {
    const session = this.session;
    this.forget();
    if (session !== null) {
      try {
        await this.send<void>('POST', '/api/auth/logout', { refreshToken: session.refreshToken }, session.accessToken);
      } catch {
        // signing out locally is what matters on a shared computer; the token expires anyway
      }
    }
  }

  /** Forgets the session without calling the API (after erasure, or when the refresh token is refused). */
  forget(): void {
    this.session = null;
    this.store.removeItem(SESSION_KEY);
    this.onSessionChange(null);
  }

  /**
   * Calls the API with the session's bearer token; on 401 refreshes the token once and repeats the call.
   *
   * @param method HTTP method
   * @param path path starting with `/api/`
   * @param body a JSON body, or undefined
   * @returns the parsed JSON answer (undefined for 204)
   * @throws ApiError for an error status, NetworkError when the gateway cannot be reached
   */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const session = await this.ensureSession();
    try {
      return await this.send<T>(method, path, body, session.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) {
        throw error;
      }
    }
    const renewed = await this.refresh(session);
    return this.send<T>(method, path, body, renewed.accessToken);
  }

  private async refresh(stale: Session): Promise<Session> {
    this.refreshing ??= (async () => {
      try {
        const tokens = await this.send<TokenResponse>('POST', '/api/auth/refresh',
          { refreshToken: stale.refreshToken }, null);
        return this.keep(tokens, stale.anonymous);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
          this.forget();
        }
        throw error;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private keep(tokens: TokenResponse, anonymous: boolean): Session {
    this.session = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId: tokens.userId,
      anonymous };
    this.store.setItem(SESSION_KEY, JSON.stringify(this.session));
    this.onSessionChange(this.session);
    return this.session;
  }

  private async send<T>(method: string, path: string, body: unknown, token: string | null): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (token !== null) {
      headers.Authorization = `Bearer ${token}`;
    }
    let response: Response;
    try {
      response = await this.fetchFn(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (cause) {
      throw new NetworkError(cause);
    }
    const text = await response.text();
    if (!response.ok) {
      let problem: Problem | null = null;
      try {
        problem = text === '' ? null : (JSON.parse(text) as Problem);
      } catch {
        problem = null;
      }
      throw new ApiError(response.status, problem, retryAfterSeconds(response.headers.get('Retry-After')));
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
