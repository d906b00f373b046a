// A piece of text that does something when clicked or activated with Enter/Space (open a file at
// a line): a focusable element with the link role, its label set as text, never as HTML.

export interface LinkOptions {
  title?: string;
  testId?: string;
  className?: string;
  onActivate: () => void;
}

export function link(text: string, options: LinkOptions): HTMLElement {
  const element = document.createElement('span');
  element.className = options.className ? `link ${options.className}` : 'link';
  element.textContent = text;
  element.tabIndex = 0;
  element.setAttribute('role', 'link');
  if (options.title) element.title = options.title;
  if (options.testId) element.dataset.testid = options.testId;
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    options.onActivate();
  });
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    options.onActivate();
  });
  return element;
}
