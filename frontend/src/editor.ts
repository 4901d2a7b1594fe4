/**
 * The SQL editor: CodeMirror 6 with the PostgreSQL dialect (highlighting, bracket matching, completion of keywords
 * and of the sandbox's own tables and columns), Ctrl/Cmd+Enter to run, and error marks (gutter, line and underline at
 * the error's column).
 * @module
 */
import { sql, PostgreSQL, type SQLNamespace } from '@codemirror/lang-sql';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { Decoration, type DecorationSet, EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { ErrorMark } from './results';

const setErrorLines = StateEffect.define<ErrorMark[]>();

const errorLines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setErrorLines)) {
        const doc = transaction.state.doc;
        const lines = [...new Set(effect.value.filter((mark) => mark.line <= doc.lines).map((mark) => mark.line))].sort((a, b) => a - b);
        return Decoration.set(lines.map((line) => Decoration.line({
          attributes: { class: 'cm-taidon-error-line', 'data-line': String(line) },
        }).range(doc.line(line).from)));
      }
    }
    // an edit invalidates the marks: they belong to the script that ran
    return transaction.docChanged ? Decoration.none : decorations.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The editor and what the app does with it. */
export interface SqlEditor {
  /** the CodeMirror view */
  view: EditorView;
  /** @returns the script */
  text(): string;
  /** @param text the new script */
  setText(text: string): void;
  /** @param marks the failing statements of the last run (empty to clear) */
  markErrors(marks: ErrorMark[]): void;
  /** @param line 1-based line to put the cursor on and scroll to */
  goToLine(line: number, column?: number | null): void;
  /** @param namespace the sandbox's schemas, tables and columns for completion (`{}` for none) */
  setSchema(namespace: SQLNamespace): void;
  /** @param text what to put at the cursor (replacing the selection); the editor takes the focus */
  insertAtCursor(text: string): void;
}

function sqlLanguage(namespace: SQLNamespace): Extension {
  return sql({ dialect: PostgreSQL, upperCaseKeywords: false, schema: namespace, defaultSchema: 'public' });
}

/**
 * Creates the editor.
 *
 * @param parent where it goes
 * @param options the initial script, the CSP nonce for CodeMirror's style elements, and what Ctrl/Cmd+Enter and edits do
 * @returns the editor
 */
export function createEditor(parent: HTMLElement, options: { doc: string; nonce: string | null; onRun: () => void; onChange: (text: string) => void }): SqlEditor {
  // light or dark, following the system (and its changes while the page is open)
  const theme = new Compartment();
  // the schema changes with every run: reconfigured in place, the document and its history stay
  const language = new Compartment();
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const extensions: Extension[] = [
    theme.of(dark.matches ? oneDark : []),
    Prec.highest(keymap.of([{ key: 'Mod-Enter', preventDefault: true, run: () => { options.onRun(); return true; } }])),
    basicSetup,
    language.of(sqlLanguage({})),
    lintGutter(),
    errorLines,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'SQL script (Ctrl+Enter or Cmd+Enter runs it)' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        options.onChange(update.state.doc.toString());
      }
    }),
  ];
  if (options.nonce !== null) {
    extensions.push(EditorView.cspNonce.of(options.nonce));
  }
  const view = new EditorView({ doc: options.doc, extensions, parent });
  // a scrolling region must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
  view.scrollDOM.tabIndex = 0;
  dark.addEventListener('change', (event) => view.dispatch({ effects: theme.reconfigure(event.matches ? oneDark : []) }));
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    markErrors(marks) {
      const doc = view.state.doc;
      const diagnostics: Diagnostic[] = marks.filter((mark) => mark.line <= doc.lines).map((mark) => {
        const line = doc.line(mark.line);
        const from = mark.column === null ? line.from : Math.min(line.to, line.from + mark.column - 1);
        const to = mark.column === null ? line.to : Math.min(line.to, wordEnd(line.text, from - line.from) + line.from);
        return { from, to: Math.max(to, from), severity: 'error', message: mark.message, source: `statement ${mark.index}` };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setErrorLines.of(marks) });
    },
    goToLine(lineNumber, column) {
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(1, lineNumber), doc.lines));
      const at = column ? Math.min(line.to, line.from + column - 1) : line.from;
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
    setSchema(namespace) {
      view.dispatch({ effects: language.reconfigure(sqlLanguage(namespace)) });
    },
    insertAtCursor(text) {
      view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true });
      view.focus();
    },
  };
}

function wordEnd(text: string, start: number): number {
  const match = /^[\w$"]+/.exec(text.slice(start));
  return start + (match === null ? 1 : match[0].length);
}
