// Building DOM in the panels: every piece of content goes in as text (`textContent`), never as
// HTML, so a response or a gebeurtenis that holds markup shows as those characters.

export interface ElementOptions {
  className?: string;
  text?: string;
  testId?: string;
  title?: string;
  role?: string;
  label?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.testId) element.dataset.testid = options.testId;
  if (options.title) element.title = options.title;
  if (options.role) element.setAttribute('role', options.role);
  if (options.label) element.setAttribute('aria-label', options.label);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** The page's `#root`, which webviewHtml() puts in every panel. */
export function root(): HTMLElement {
  const element = document.getElementById('root');
  if (!element) throw new Error('webview: #root missing');
  return element;
}
