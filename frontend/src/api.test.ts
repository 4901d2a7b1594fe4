import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, NetworkError, type Session } from './api';
import { MemoryStore, SESSION_KEY } from './storage';

interface Call {
  path: string;
  method: string;
  authorization: string | null;
  body: unknown;
}

function fakeApi(answers: Array<(call: Call) => Response>) {
  const calls: Call[] = [];
  const fetchFn = async (path: string, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call = { path, method: init?.method ?? 'GET', authorization: headers.Authorization ?? null,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) };
    calls.push(call);
    const answer = answers.shift();
    if (answer === undefined) {
      throw new TypeError('Failed to fetch');
    }
    return answer(call);
  };
  return { calls, fetchFn };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const tokens = (n: number) => ({ accessToken: `a${n}`, tokenType: 'Bearer', expiresIn: 900, userId: 'u_anon_1', refreshToken: `r${n}` });

describe('ApiClient', () => {
  it('signs in anonymously on first use and keeps the session', async () => {
    const store = new MemoryStore();
    const api = fakeApi([json(201, tokens(1)), json(200, { userId: 'u_anon_1' })]);
    const client = new ApiClient(api.fetchFn, store);
    const me = await client.request<{ userId: string }>('GET', '/api/me');
    expect(me.userId).toBe('u_anon_1');
    expect(api.calls.map((call) => call.path)).toEqual(['/api/auth/anonymous', '/api/me']);
    expect(api.calls[1].authorization).toBe('Bearer a1');
    expect(JSON.parse(store.getItem(SESSION_KEY)!)).toMatchObject({ accessToken: 'a1', anonymous: true });
    expect(new ApiClient(api.fetchFn, store).current?.refreshToken).toBe('r1');
  });

  it('refreshes once on 401 and repeats the call with the new token', async () => {
    const store = new MemoryStore();
    const session: Session = { accessToken: 'old', refreshToken: 'r0', userId: 'u_anon_1', anonymous: true };
    store.setItem(SESSION_KEY, JSON.stringify(session));
    const api = fakeApi([json(401, { title: 'Unauthorized' }), json(200, tokens(2)), json(200, [])]);
    const client = new ApiClient(api.fetchFn, store);
    await expect(client.request('GET', '/api/sandboxes')).resolves.toEqual([]);
    expect(api.calls[1]).toMatchObject({ path: '/api/auth/refresh', body: { refreshToken: 'r0' }, authorization: null });
    expect(api.calls[2].authorization).toBe('Bearer a2');
    expect(client.current?.anonymous).toBe(true);
  });

  it('forgets a session whose refresh token is refused', async () => {
    const store = new MemoryStore();
    store.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'old', refreshToken: 'r0', userId: 'u', anonymous: false }));
    const api = fakeApi([json(401, {}), json(401, { type: 'https://taidon.io/problems/invalid-refresh-token' })]);
    const client = new ApiClient(api.fetchFn, store);
    await expect(client.request('GET', '/api/me')).rejects.toBeInstanceOf(ApiError);
    expect(client.current).toBeNull();
    expect(store.getItem(SESSION_KEY)).toBeNull();
  });

  it('turns a problem into an ApiError with its kind and retry time', async () => {
    const store = new MemoryStore();
    const api = fakeApi([json(201, tokens(1)),
      json(429, { type: 'https://taidon.io/problems/rate-limited', title: 'Too many requests' }, { 'Retry-After': '7' })]);
    const client = new ApiClient(api.fetchFn, store);
    const error = await client.request('POST', '/api/runs', { sql: 'select 1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('rate-limited');
    expect((error as ApiError).retryAfter).toBe(7);
    expect((error as ApiError).message).toContain('7 seconds');
  });

  it('reports an unreachable gateway as a NetworkError', async () => {
    const client = new ApiClient(fakeApi([]).fetchFn, new MemoryStore());
    await expect(client.request('GET', '/api/me')).rejects.toBeInstanceOf(NetworkError);
  });

  it('registers with the anonymous token and signs out revoking the refresh token', async () => {
    const store = new MemoryStore();
    const api = fakeApi([json(201, tokens(1)), json(201, tokens(2)), () => new Response(null, { status: 204 })]);
    const client = new ApiClient(api.fetchFn, store);
    await client.anonymous();
    const registered = await client.register('a@example.test', 'correct horse battery');
    expect(registered.anonymous).toBe(false);
    expect(api.calls[1]).toMatchObject({ path: '/api/auth/register', authorization: 'Bearer a1' });
    await client.logout();
    expect(api.calls[2]).toMatchObject({ path: '/api/auth/logout', body: { refreshToken: 'r2' }, authorization: 'Bearer a2' });
    expect(client.current).toBeNull();
    expect(store.getItem(SESSION_KEY)).toBeNull();
  });

  it('registers as the anonymous identity even when its access token expired', async () => {
    const store = new MemoryStore();
    store.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'expired', refreshToken: 'r0', userId: 'u_anon_1', anonymous: true }));
    const api = fakeApi([json(401, {}), json(200, tokens(2)), json(201, { ...tokens(3), userId: 'u_anon_1' })]);
    const client = new ApiClient(api.fetchFn, store);
    const session = await client.register('a@example.test', 'correct horse battery');
    expect(api.calls.map((call) => `${call.path} ${call.authorization}`)).toEqual([
      '/api/auth/register Bearer expired', '/api/auth/refresh null', '/api/auth/register Bearer a2']);
    expect(session).toMatchObject({ userId: 'u_anon_1', anonymous: false, accessToken: 'a3' });
  });
});
