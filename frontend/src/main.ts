/**
 * The web app: sign-in (anonymous first), the SQL editor and its results, the console, the schema browser and the
 * snapshot panel beside them, sandboxes, account and audit trail.
 * Client routes: `/` (editor), `/sandboxes`, `/account`, `/audit`; the gateway answers each with index.html.
 * @module
 */
import './style.css';
import { ApiClient, ApiError, type AuditPage, type Me, NetworkError, type Sandbox } from './api';
import { h, replace } from './dom';
import { createEditor, type SqlEditor } from './editor';
import { createConsolePanel } from './console-panel';
import { type AppContext, sandboxPath } from './context';
import { formatBytes } from './format';
import { errorMarks, type RunResponse, runSummary } from './results';
import { type RunRequest, TailRunner } from './run';
import { createSchemaPanel } from './schema-panel';
import { createSnapshotPanel } from './snapshot-panel';
import { baseLabel, type SandboxBase, type Snapshot } from './snapshots';
import { renderStatement } from './statement-view';
import { clearAppData, type KeyValueStore, MemoryStore, SANDBOX_KEY, scriptKey } from './storage';

const SAMPLE = `-- Welcome to Taidon: your own PostgreSQL sandbox. Press Ctrl+Enter (Cmd+Enter) to run.
create table pet (id int primary key, name text, kind text);
insert into pet values (1, 'Rex', 'dog'), (2, 'Tom', 'cat'), (3, 'Kit', 'cat');
select kind, count(*) from pet group by kind order by kind;
`;

const ROUTES = { '/': 'Editor', '/sandboxes': 'Sandboxes', '/account': 'Account', '/audit': 'Audit trail' } as const;

type Route = keyof typeof ROUTES;

function browserStore(): KeyValueStore {
  try {
    window.localStorage.setItem('taidon.probe', '1');
    window.localStorage.removeItem('taidon.probe');
    return window.localStorage;
  } catch {
    return new MemoryStore();
  }
}

const store = browserStore();
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? null;
const client = new ApiClient((input, init) => fetch(input, init), store, () => renderAccountBar());
const runner = new TailRunner((body: RunRequest) => client.request<RunResponse>('POST', '/api/runs', body));

let sandboxId: string | null = store.getItem(SANDBOX_KEY);
let sandboxBase: SandboxBase | null = null;
let knownSnapshots: Snapshot[] = [];
let running = false;
let auditPage = 0;

// --- page skeleton ------------------------------------------------------------------------------------------------

const banner = h('div', { id: 'banner', class: 'banner', role: 'alert', hidden: true });
const status = h('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
const accountBar = h('div', { class: 'account-bar' });
const navigation = h('nav', { 'aria-label': 'Main' }, h('ul', {}, ...Object.entries(ROUTES).map(([path, label]) =>
  h('li', {}, h('a', { href: path, 'data-route': path, onclick: (event: Event) => { event.preventDefault(); go(path as Route); } }, label)))));

const runButton = h('button', { id: 'run', type: 'button', class: 'primary', onclick: () => void runScript() }, 'Run');
const resetButton = h('button', { id: 'reset', type: 'button', onclick: () => void resetSandbox(), title: 'Back to the sandbox\'s base: drops every table the scripts made' }, 'Reset to base');
const sandboxLabel = h('span', { id: 'sandbox-label', class: 'muted' });
const editorHost = h('div', { id: 'editor', class: 'editor' });
const runSummaryLine = h('p', { id: 'run-summary', class: 'run-summary' });
const results = h('div', { id: 'results', class: 'results', 'aria-live': 'polite', 'aria-busy': 'false' });

const scriptTab = h('button', { id: 'tab-script', type: 'button', role: 'tab', 'aria-selected': 'true', 'aria-controls': 'panel-script',
  onclick: () => selectTab('script') }, 'Script');
const consoleTab = h('button', { id: 'tab-console', type: 'button', role: 'tab', 'aria-selected': 'false', 'aria-controls': 'panel-console',
  tabindex: -1, onclick: () => selectTab('console') }, 'Console');
const scriptPanel = h('div', { id: 'panel-script', role: 'tabpanel', 'aria-labelledby': 'tab-script' },
  h('div', { class: 'toolbar' }, runButton, h('span', { class: 'muted hint' }, 'Ctrl+Enter')),
  editorHost,
  h('h2', { class: 'visually-hidden' }, 'Results'),
  runSummaryLine,
  results);
const consolePanelHost = h('div', { id: 'panel-console', role: 'tabpanel', 'aria-labelledby': 'tab-console', hidden: true });
const sidePanels = h('div', { class: 'side' });

const views: Record<Route, HTMLElement> = {
  '/': h('section', { id: 'view-editor', 'aria-labelledby': 'editor-title' },
    h('h2', { id: 'editor-title', class: 'visually-hidden' }, 'SQL editor'),
    h('div', { class: 'sandbox-bar' }, sandboxLabel, resetButton),
    h('div', { class: 'workspace' },
      h('div', { class: 'work' },
        h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Script or console', onkeydown: (event: Event) => tabKey(event as KeyboardEvent) },
          scriptTab, consoleTab),
        scriptPanel, consolePanelHost),
      sidePanels)),
  '/sandboxes': h('section', { id: 'view-sandboxes', 'aria-labelledby': 'sandboxes-title' }),
  '/account': h('section', { id: 'view-account', 'aria-labelledby': 'account-title' }),
  '/audit': h('section', { id: 'view-audit', 'aria-labelledby': 'audit-title' }),
};

const app = document.getElementById('app')!;
replace(app,
  h('header', { class: 'top' }, h('h1', {}, h('a', { href: '/', onclick: (event: Event) => { event.preventDefault(); go('/'); } }, 'Taidon')), navigation, accountBar),
  banner,
  h('main', {}, status, ...Object.values(views)));

const editor: SqlEditor = createEditor(editorHost, {
  doc: store.getItem(scriptKey(sandboxId)) ?? SAMPLE,
  nonce,
  onRun: () => void runScript(),
  onChange: (text) => store.setItem(scriptKey(sandboxId), text),
});

const context: AppContext = { client, report: (error) => report(error), say: (message, isError) => say(message, isError),
  confirm: (title, text, confirm) => confirmDialog(title, text, confirm), sandboxId: () => sandboxId };
const schemaPanel = createSchemaPanel(context, editor);
const consolePanel = createConsolePanel(context, () => void schemaPanel.refresh());
const snapshotPanel = createSnapshotPanel(context, {
  base: () => sandboxBase,
  anonymous: () => client.current?.anonymous !== false,
  listed(snapshots) {
    knownSnapshots = snapshots;
    renderSandboxLabel();
  },
  restored(sandbox) {
    sandboxBase = sandbox.base ?? null;
    renderSandboxLabel();
    clearRunState();
    consolePanel.clear('The sandbox was restored: the console session starts again from its new base.');
    void schemaPanel.refresh();
  },
  branched(sandbox, snapshot) {
    // the branch keeps the script the learner is working on
    store.setItem(scriptKey(sandbox.id), editor.text());
    switchSandbox(sandbox.id);
    sandboxBase = sandbox.base ?? { kind: 'snapshot', snapshotId: snapshot.id };
    renderSandboxLabel();
    say(`Branched into the new sandbox ${sandbox.id}: runs go there now.`);
  },
});
consolePanelHost.append(consolePanel.element);
sidePanels.append(schemaPanel.element, snapshotPanel.element);

type Tab = 'script' | 'console';

function selectTab(tab: Tab): void {
  const console = tab === 'console';
  scriptTab.setAttribute('aria-selected', String(!console));
  consoleTab.setAttribute('aria-selected', String(console));
  scriptTab.tabIndex = console ? -1 : 0;
  consoleTab.tabIndex = console ? 0 : -1;
  scriptPanel.hidden = console;
  consolePanelHost.hidden = !console;
}

/** The tabs' keyboard (WAI-ARIA tabs pattern): Left/Right/Home/End move to and select a tab. */
function tabKey(event: KeyboardEvent): void {
  const tabs = [scriptTab, consoleTab];
  const current = tabs.indexOf(document.activeElement as HTMLButtonElement);
  const next = event.key === 'ArrowRight' ? (current + 1) % tabs.length : event.key === 'ArrowLeft' ? (current + tabs.length - 1) % tabs.length
    : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : -1;
  if (current < 0 || next < 0) {
    return;
  }
  event.preventDefault();
  selectTab(next === 0 ? 'script' : 'console');
  tabs[next].focus();
}

// --- messages -----------------------------------------------------------------------------------------------------

let probe: number | null = null;

/** Shows what went wrong as a human message; an unreachable gateway gets a banner that clears itself once it answers. */
function report(error: unknown): void {
  if (error instanceof NetworkError) {
    replace(banner, error.message, ' ', h('button', { type: 'button', onclick: () => void checkConnection() }, 'Retry now'));
    banner.hidden = false;
    say('Not sent: Taidon cannot be reached.', true);
    probe ??= window.setInterval(() => void checkConnection(), 3000);
    return;
  }
  const message = error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.';
  say(message, true);
}

async function checkConnection(): Promise<void> {
  try {
    const answer = await fetch('/actuator/health', { cache: 'no-store' });
    if (answer.ok) {
      banner.hidden = true;
      if (probe !== null) {
        window.clearInterval(probe);
        probe = null;
      }
      say('Connected to Taidon again.');
    }
  } catch {
    // still unreachable: the banner stays
  }
}

function say(message: string, isError = false): void {
  status.textContent = message;
  status.classList.toggle('error', isError);
}

// --- routing ------------------------------------------------------------------------------------------------------

function currentRoute(): Route {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return (path in ROUTES ? path : '/') as Route;
}

function go(route: Route): void {
  if (route !== currentRoute()) {
    window.history.pushState(null, '', route);
  }
  show(route);
}

function show(route: Route): void {
  for (const [path, view] of Object.entries(views)) {
    view.hidden = path !== route;
  }
  for (const link of navigation.querySelectorAll('a')) {
    if (link.dataset.route === route) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = `${ROUTES[route]} — Taidon`;
  if (route === '/sandboxes') {
    void loadSandboxes();
  } else if (route === '/account') {
    void loadAccount();
  } else if (route === '/audit') {
    void loadAudit();
  }
}

window.addEventListener('popstate', () => show(currentRoute()));

// --- account bar --------------------------------------------------------------------------------------------------

function renderAccountBar(): void {
  const session = client.current;
  replace(accountBar,
    session === null ? h('span', { class: 'muted' }, 'Signing in…')
      : h('span', { id: 'who', class: 'muted' }, session.anonymous ? 'Anonymous learner' : 'Signed in'),
    session !== null && !session.anonymous
      ? h('button', { type: 'button', id: 'sign-out', onclick: () => void signOut() }, 'Sign out')
      : h('a', { href: '/account', onclick: (event: Event) => { event.preventDefault(); go('/account'); } }, 'Register or sign in'));
}

// --- editor and runs ----------------------------------------------------------------------------------------------

function useSandbox(id: string | null): void {
  sandboxId = id;
  if (id === null) {
    store.removeItem(SANDBOX_KEY);
  } else {
    store.setItem(SANDBOX_KEY, id);
  }
  resetButton.disabled = id === null;
  sandboxBase = null;
  renderSandboxLabel();
  if (id !== null) {
    void loadBase(id);
  }
}

function renderSandboxLabel(): void {
  sandboxLabel.textContent = sandboxId === null ? 'Default sandbox (created by your first run)'
    : `Sandbox ${sandboxId} · ${baseLabel(sandboxBase, knownSnapshots)}`;
}

/** Reads the sandbox's base for the header (quietly: the header says "unknown" when it cannot). */
async function loadBase(id: string): Promise<void> {
  try {
    const sandbox = await client.request<Sandbox>('GET', sandboxPath(id));
    if (id === sandboxId) {
      sandboxBase = sandbox.base ?? null;
      renderSandboxLabel();
    }
  } catch {
    // a vanished sandbox is reported by the next run
  }
}

function clearRunState(): void {
  runner.forget();
  editor.markErrors([]);
  replace(results);
  replace(runSummaryLine);
}

async function runScript(): Promise<void> {
  if (running) {
    return;
  }
  const script = editor.text();
  if (script.trim() === '') {
    say('The editor is empty: write a statement first.');
    return;
  }
  running = true;
  runButton.disabled = true;
  results.setAttribute('aria-busy', 'true');
  say('Running…');
  // a first run of a long script replays every statement: show that time passes
  const started = performance.now();
  const ticker = window.setInterval(() => say(`Running… ${Math.round((performance.now() - started) / 1000)} s`), 1000);
  try {
    const outcome = await runner.run(script, sandboxId);
    const run = outcome.response;
    if (sandboxId !== run.sandboxId) {
      store.removeItem(scriptKey(sandboxId));
      useSandbox(run.sandboxId);
      store.setItem(scriptKey(sandboxId), script);
    }
    renderRun(script, run);
    void schemaPanel.refresh();
    say(outcome.usedTail ? `Done; sent only the ${outcome.sentChars} new characters (the tail came from the cache).` : 'Done.');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && sandboxId !== null) {
      // the sandbox is gone (deleted elsewhere, erased): the next run uses the default one
      useSandbox(null);
    }
    report(error);
  } finally {
    window.clearInterval(ticker);
    running = false;
    runButton.disabled = false;
    results.setAttribute('aria-busy', 'false');
  }
}

function renderRun(script: string, run: RunResponse): void {
  const marks = errorMarks(script, run.statements);
  editor.markErrors(marks);
  replace(runSummaryLine,
    h('span', { id: 'hit-depth', class: 'hit-depth', 'data-hit-depth': run.cache.hitDepth }, `hitDepth ${run.cache.hitDepth}`),
    ' ', runSummary(run).replace(/ · hitDepth \d+/, ''),
    run.cache.layerCreated ? ' · layer stored' : '');
  const lineOfStatement = new Map(marks.map((mark) => [mark.index, mark]));
  replace(results, ...run.statements.map((statement) => renderStatement(statement, lineOfStatement.get(statement.index)?.line ?? null,
    (line, column) => editor.goToLine(line, column))));
}

async function resetSandbox(): Promise<void> {
  if (sandboxId === null) {
    return;
  }
  try {
    const sandbox = await client.request<Sandbox | undefined>('POST', sandboxPath(sandboxId, '/reset'));
    if (sandbox?.base !== undefined) {
      sandboxBase = sandbox.base;
      renderSandboxLabel();
    }
    clearRunState();
    consolePanel.clear('The sandbox was reset: the console session starts again from its base.');
    void schemaPanel.refresh();
    void snapshotPanel.load();
    say('The sandbox is back at its base: the next run starts from there.');
  } catch (error) {
    report(error);
  }
}

// --- sandboxes ----------------------------------------------------------------------------------------------------

async function loadSandboxes(): Promise<void> {
  const view = views['/sandboxes'];
  const list = h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Your sandboxes' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(view, h('h2', { id: 'sandboxes-title' }, 'Sandboxes'),
    h('p', {}, 'Each sandbox is your own PostgreSQL database. Runs go to the one in use.'),
    h('button', { type: 'button', id: 'create-sandbox', onclick: () => void createSandbox() }, 'New empty sandbox'),
    list);
  try {
    const sandboxes = await client.request<Sandbox[]>('GET', '/api/sandboxes');
    if (sandboxes.length === 0) {
      replace(list, h('p', { class: 'muted' }, 'No sandbox yet: your first run creates one.'));
      return;
    }
    replace(list, h('table', {},
      h('thead', {}, h('tr', {}, ...['Sandbox', 'Status', 'Created', 'Actions'].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, ...sandboxes.map((sandbox) => h('tr', { 'data-sandbox': sandbox.id },
        h('td', {}, sandbox.id, sandbox.defaultSandbox ? h('span', { class: 'tag' }, 'default') : null,
          sandbox.id === sandboxId ? h('span', { class: 'tag in-use' }, 'in use') : null),
        h('td', {}, sandbox.status),
        h('td', {}, new Date(sandbox.createdAt).toLocaleString()),
        h('td', { class: 'actions' },
          h('button', { type: 'button', disabled: sandbox.id === sandboxId, onclick: () => switchSandbox(sandbox.id), 'aria-label': `Use sandbox ${sandbox.id}` }, 'Use'),
          h('button', { type: 'button', class: 'danger', onclick: () => void deleteSandbox(sandbox.id), 'aria-label': `Delete sandbox ${sandbox.id}` }, 'Delete')))))));
  } catch (error) {
    replace(list);
    report(error);
  }
}

function switchSandbox(id: string | null): void {
  useSandbox(id);
  editor.setText(store.getItem(scriptKey(id)) ?? SAMPLE);
  clearRunState();
  consolePanel.clear('Another sandbox: a new console session.');
  void schemaPanel.refresh();
  go('/');
  say(id === null ? 'Using your default sandbox.' : `Using sandbox ${id}.`);
}

async function createSandbox(): Promise<void> {
  try {
    const sandbox = await client.request<Sandbox>('POST', '/api/sandboxes', {});
    switchSandbox(sandbox.id);
  } catch (error) {
    report(error);
  }
}

async function deleteSandbox(id: string): Promise<void> {
  if (!(await confirmDialog(`Delete sandbox ${id}?`, 'Its database and everything in it go; saved snapshots stay.', 'Delete sandbox'))) {
    return;
  }
  try {
    await client.request('DELETE', `/api/sandboxes/${encodeURIComponent(id)}`);
    store.removeItem(scriptKey(id));
    if (id === sandboxId) {
      useSandbox(null);
      runner.forget();
    }
    say(`Sandbox ${id} deleted.`);
    await loadSandboxes();
  } catch (error) {
    report(error);
  }
}

// --- account ------------------------------------------------------------------------------------------------------

function credentialsForm(id: string, legend: string, submit: string, action: (email: string, password: string) => Promise<unknown>): HTMLElement {
  const email = h('input', { id: `${id}-email`, type: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = h('input', { id: `${id}-password`, type: 'password', name: 'password', required: true,
    autocomplete: id === 'register' ? 'new-password' : 'current-password' });
  return h('form', { id: `${id}-form`, class: 'credentials', onsubmit: (event: Event) => {
    event.preventDefault();
    void action(email.value, password.value).then(() => { password.value = ''; }).catch(report);
  } },
  h('fieldset', {}, h('legend', {}, legend),
    h('label', { for: `${id}-email` }, 'Email'), email,
    h('label', { for: `${id}-password` }, 'Password'), password,
    h('button', { type: 'submit', class: 'primary' }, submit)));
}

async function loadAccount(): Promise<void> {
  const view = views['/account'];
  const details = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const session = client.current;
  replace(view, h('h2', { id: 'account-title' }, 'Account'), details,
    session?.anonymous !== false ? h('div', { class: 'forms' },
      credentialsForm('register', 'Register and keep your work', 'Register', async (email, password) => {
        await client.register(email, password);
        say('Registered: your sandboxes and scripts are kept under your account.');
        await loadAccount();
      }),
      credentialsForm('login', 'Sign in to an account', 'Sign in', async (email, password) => {
        await client.login(email, password);
        useSandbox(null);
        runner.forget();
        say('Signed in.');
        await loadAccount();
      })) : h('button', { type: 'button', onclick: () => void signOut() }, 'Sign out'),
    h('h3', {}, 'Erase my data'),
    h('p', {}, 'Deletes your sandboxes, snapshots, runs and profile in every service. Only the fact of the erasure stays in the audit log.'),
    h('button', { type: 'button', id: 'erase', class: 'danger', onclick: () => void erase() }, 'Erase my data…'));
  try {
    const me = await client.request<Me>('GET', '/api/me');
    replace(details, h('dl', { class: 'facts' },
      h('dt', {}, 'You are'), h('dd', { id: 'me-kind' }, me.kind === 'anonymous' ? 'an anonymous learner' : `registered as ${me.email ?? me.userId}`),
      h('dt', {}, 'User id'), h('dd', {}, h('code', {}, me.userId)),
      h('dt', {}, 'Since'), h('dd', {}, new Date(me.createdAt).toLocaleString())),
    h('h3', {}, 'Quotas and usage'),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Quotas and usage' }, h('table', { id: 'quotas' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Used'), h('th', { scope: 'col' }, 'Limit'))),
      h('tbody', {},
        quotaRow('Sandboxes', me.usage.sandboxes === null ? 'unknown' : String(me.usage.sandboxes), String(me.quotas.maxSandboxes)),
        quotaRow('Named snapshots', me.usage.namedSnapshots === null ? 'unknown' : String(me.usage.namedSnapshots), String(me.quotas.maxNamedSnapshots)),
        quotaRow('Snapshot storage', formatBytes(me.usage.snapshotStorageBytes), formatBytes(me.quotas.snapshotStorageBytes)),
        quotaRow('Runs per minute', '', String(me.quotas.runsPerMinute)),
        quotaRow('Longest statement', '', `${me.quotas.statementTimeoutMs / 1000} s`),
        quotaRow('Memory per sandbox', '', formatBytes(me.quotas.sandboxMemoryBytes))))));
  } catch (error) {
    replace(details);
    report(error);
  }
}

function quotaRow(what: string, used: string, limit: string): HTMLElement {
  return h('tr', {}, h('th', { scope: 'row' }, what), h('td', {}, used), h('td', {}, limit));
}

async function signOut(): Promise<void> {
  await client.logout();
  await startFresh('Signed out: this browser keeps nothing of your work.');
}

/** Forgets everything this browser kept (session, scripts, tails) and starts a new anonymous session. */
async function startFresh(message: string): Promise<void> {
  clearAppData(store);
  useSandbox(null);
  editor.setText(SAMPLE);
  clearRunState();
  consolePanel.clear('A new session.');
  void schemaPanel.refresh();
  await startSession();
  void snapshotPanel.load();
  go('/');
  say(message);
}

async function erase(): Promise<void> {
  if (!(await confirmDialog('Erase all your data?', 'Your sandboxes, snapshots, run history and profile are deleted in every service and cannot be recovered. The audit log keeps only the fact that you erased your data.', 'Erase everything'))) {
    return;
  }
  try {
    await client.request('DELETE', '/api/me');
    client.forget();
    await startFresh('Your data is erased. You are a new anonymous learner.');
  } catch (error) {
    report(error);
  }
}

/** A modal confirmation (`<dialog>`): resolves true when the learner confirms. */
function confirmDialog(title: string, text: string, confirm: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-title' }, title), h('p', { id: 'confirm-text' }, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'confirm-cancel', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'button', id: 'confirm-ok', class: 'danger', onclick: () => dialog.close('ok') }, confirm)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    (dialog.querySelector('#confirm-cancel') as HTMLButtonElement).focus();
  });
}

// --- audit trail --------------------------------------------------------------------------------------------------

async function loadAudit(): Promise<void> {
  const view = views['/audit'];
  const size = 20;
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  replace(view, h('h2', { id: 'audit-title' }, 'Audit trail'),
    h('p', {}, 'What was done with your identity, newest first. Events reach the trail within a few seconds.'), body);
  try {
    const page = await client.request<AuditPage>('GET', `/api/audit/events?page=${auditPage}&size=${size}`);
    const pages = Math.max(1, Math.ceil(page.total / size));
    replace(body,
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Audit events' }, h('table', { id: 'audit' },
        h('thead', {}, h('tr', {}, ...['When', 'What', 'Object', 'Outcome'].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, ...page.items.map((event) => h('tr', {},
          h('td', {}, new Date(event.time).toLocaleString()), h('td', {}, event.action),
          h('td', {}, event.objectType, event.objectId ? ` ${event.objectId}` : ''), h('td', {}, event.outcome)))))),
      h('div', { class: 'pager' },
        h('button', { type: 'button', disabled: auditPage === 0, onclick: () => { auditPage--; void loadAudit(); } }, 'Newer'),
        h('span', {}, `Page ${page.page + 1} of ${pages} (${page.total} events)`),
        h('button', { type: 'button', disabled: auditPage + 1 >= pages, onclick: () => { auditPage++; void loadAudit(); } }, 'Older')));
  } catch (error) {
    replace(body);
    report(error);
  }
}

// --- start --------------------------------------------------------------------------------------------------------

async function startSession(): Promise<void> {
  try {
    await client.ensureSession();
  } catch (error) {
    report(error);
  }
  renderAccountBar();
}

useSandbox(sandboxId);
renderAccountBar();
show(currentRoute());
void startSession().then(async () => {
  await Promise.all([schemaPanel.refresh(), snapshotPanel.load()]);
  document.body.setAttribute('data-ready', 'true');
});
