/**
 * The console tab: an input applied with Ctrl/Cmd+Enter to the sandbox's base plus the session so far (like psql),
 * the session's transcript, and a reset.
 * @module
 */
import { ApiError } from './api';
import { type ConsoleResponse, consoleSummary, ROLLED_BACK_NOTICE } from './console';
import { type AppContext, sandboxPath } from './context';
import { h, replace } from './dom';
import { renderStatement } from './statement-view';

/** The console tab's content. */
export interface ConsolePanel {
  element: HTMLElement;
  /** @param message what the transcript says instead of the session (after a restore, a reset, a sandbox switch) */
  clear(message: string): void;
  /** puts the focus in the input */
  focus(): void;
}

/**
 * @param context the app
 * @param onApplied called after every console call and console reset (the schema changed)
 * @returns the console tab's content
 */
export function createConsolePanel(context: AppContext, onApplied: () => void): ConsolePanel {
  let busy = false;
  let inputs = 0;
  const transcript = h('div', { id: 'console-transcript', class: 'transcript', role: 'log', 'aria-label': 'Console session', tabindex: 0 },
    h('p', { class: 'muted' }, 'Statements you apply here build on each other, like a psql session; your scripts never see them.'));
  const input = h('textarea', { id: 'console-input', class: 'console-input', rows: 4, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'select now();' });
  const apply = h('button', { id: 'console-apply', type: 'button', class: 'primary', onclick: () => void send() }, 'Apply');
  const reset = h('button', { id: 'console-reset', type: 'button', onclick: () => void resetConsole() }, 'Reset console');
  const journal = h('span', { id: 'console-journal', class: 'muted' });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  });

  async function send(): Promise<void> {
    const sql = input.value;
    const sandboxId = context.sandboxId();
    if (busy || sql.trim() === '') {
      return;
    }
    if (sandboxId === null) {
      context.say('Run a script first: the first run creates your sandbox.');
      return;
    }
    busy = true;
    apply.disabled = true;
    context.say('Applying…');
    try {
      const response = await context.client.request<ConsoleResponse>('POST', sandboxPath(sandboxId, '/console'), { sql });
      inputs++;
      transcript.append(entry(inputs, sql, response));
      transcript.lastElementChild?.scrollIntoView({ block: 'nearest' });
      journal.textContent = `${response.journalStatements} ${response.journalStatements === 1 ? 'statement' : 'statements'} in the session`;
      input.value = '';
      context.say(response.transactionRolledBack ? 'Applied; the open transaction was rolled back.' : 'Applied.');
      onApplied();
    } catch (error) {
      context.report(error instanceof ApiError && error.status === 404 ? new Error('This sandbox is gone: pick another on the Sandboxes page.') : error);
    } finally {
      busy = false;
      apply.disabled = false;
    }
  }

  async function resetConsole(): Promise<void> {
    const sandboxId = context.sandboxId();
    if (sandboxId === null) {
      return;
    }
    try {
      await context.client.request('POST', sandboxPath(sandboxId, '/console/reset'));
      clear('Console reset: the session starts again from the sandbox\'s base.');
      context.say('Console reset.');
      onApplied();
    } catch (error) {
      context.report(error);
    }
  }

  function clear(message: string): void {
    inputs = 0;
    journal.textContent = '';
    replace(transcript, h('p', { class: 'muted console-cleared' }, message));
  }

  return {
    element: h('div', { class: 'console' }, transcript,
      h('label', { for: 'console-input' }, 'Console input (Ctrl+Enter or Cmd+Enter applies it)'), input,
      h('div', { class: 'toolbar' }, apply, reset, journal)),
    clear,
    focus: () => input.focus(),
  };
}

function entry(n: number, sql: string, response: ConsoleResponse): HTMLElement {
  return h('article', { class: 'console-entry', 'aria-label': `Console input ${n}`, 'data-input': n },
    h('pre', { class: 'console-sql' }, h('code', {}, sql.trim())),
    response.transactionRolledBack ? h('p', { class: 'rolled-back', role: 'note' }, ROLLED_BACK_NOTICE) : null,
    ...response.statements.map((statement) => renderStatement(statement, null, null)),
    h('p', { class: 'muted console-summary' }, consoleSummary(response)));
}
