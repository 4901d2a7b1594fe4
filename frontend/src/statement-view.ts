/**
 * One statement's result as the results view and the console transcript show it: source badge, SQL, summary, the
 * error with a link to its line, the rows as a table with a CSV download, and notices.
 * @module
 */
import { h } from './dom';
import { cellText, sourceLabel, type StatementResult, summary, toCsv } from './results';

/**
 * Renders a statement's result.
 *
 * @param statement the statement's result
 * @param errorLine the line of the script where a failing statement starts (when the error has no position), or null
 * @param goTo moves the editor's cursor to a line and column; null where the statement is not in the editor (console)
 * @returns the statement's section
 */
export function renderStatement(statement: StatementResult, errorLine: number | null,
  goTo: ((line: number, column: number | null) => void) | null): HTMLElement {
  const firstLine = statement.sql.trim().split('\n')[0];
  const section = h('section', { class: `statement ${statement.error ? 'failed' : ''}`, 'data-index': statement.index,
    'aria-label': `Statement ${statement.index}` },
    h('header', {},
      h('span', { class: `badge badge-${statement.source}`, title: badgeTitle(statement) }, sourceLabel(statement.source)),
      h('span', { class: 'index' }, `#${statement.index}`),
      h('code', { class: 'sql' }, firstLine.length > 80 ? `${firstLine.slice(0, 80)}…` : firstLine),
      h('span', { class: 'summary' }, summary(statement))));
  if (statement.error !== null) {
    const error = statement.error;
    const where = error.line !== null ? `line ${error.line}${error.column !== null ? `, column ${error.column}` : ''}` : errorLine !== null ? `line ${errorLine}` : null;
    section.append(h('div', { class: 'error-box' },
      h('p', {}, h('strong', {}, `ERROR ${error.sqlState}: `), error.message),
      error.detail ? h('p', {}, h('strong', {}, 'Detail: '), error.detail) : null,
      error.hint ? h('p', {}, h('strong', {}, 'Hint: '), error.hint) : null,
      where !== null && goTo !== null ? h('button', { type: 'button', class: 'link', onclick: () => goTo(error.line ?? errorLine ?? 1, error.column) }, `Go to ${where}`)
        : where !== null ? h('p', {}, `At ${where} of the input.`) : null));
  }
  if (statement.columns.length > 0) {
    section.append(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': `Rows of statement ${statement.index}` },
      h('table', {},
        h('thead', {}, h('tr', {}, ...statement.columns.map((column) =>
          h('th', { scope: 'col' }, column.name, h('span', { class: 'type' }, column.type))))),
        h('tbody', {}, ...statement.rows.map((row) => h('tr', {}, ...row.map((value) =>
          h('td', { class: value === null ? 'null' : '' }, cellText(value)))))))));
    if (statement.truncated) {
      section.append(h('p', { class: 'truncated' }, `Showing the first ${statement.rows.length} rows: the result was truncated.`));
    }
    section.append(h('button', { type: 'button', class: 'link csv', 'aria-label': `Download CSV of statement ${statement.index}`,
      onclick: () => download(`taidon-statement-${statement.index}.csv`, toCsv(statement.columns, statement.rows)) }, 'Download CSV'));
  }
  if (statement.notices.length > 0) {
    section.append(h('ul', { class: 'notices', 'aria-label': 'Notices' }, ...statement.notices.map((notice) => h('li', {}, notice))));
  }
  return section;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

function badgeTitle(statement: StatementResult): string {
  switch (statement.source) {
    case 'cache':
      return 'Served from the cached database state: not executed again';
    case 'replayed':
      return 'Executed again to rebuild the state';
    default:
      return 'Executed now';
  }
}

