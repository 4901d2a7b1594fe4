/**
 * A tiny element builder: the app renders with plain DOM calls (no framework) to keep its bundle small.
 * @module
 */

/** Attributes and event handlers of {@link h}: `on<event>` keys take listeners, others become attributes. */
export type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/** A child: a node, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element.
 *
 * @param tag the tag name
 * @param props attributes (`true` sets an empty attribute, `false`/null/undefined leave it out) and `on…` listeners
 * @param children child nodes or text
 * @returns the element
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined && typeof value !== 'function') {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(typeof child === 'number' ? String(child) : child);
    }
  }
  return element;
}

/**
 * Replaces an element's children.
 *
 * @param parent the element
 * @param children the new children
 */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false)
    .map((child) => (typeof child === 'number' ? String(child) : child)));
}
