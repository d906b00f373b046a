// The one place the webviews touch a UI component library. Today that is the archived
// `@vscode/webview-ui-toolkit`; swapping it (for plain elements or another kit) means editing
// this file only. Callers get plain `HTMLElement`s and never see a toolkit type or tag name.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDivider, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

let registered = false;

/** Defines the custom elements once per page; call before building the DOM. */
export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDivider(), vsCodeProgressRing());
}

export interface ButtonOptions {
  appearance?: 'primary' | 'secondary';
  title?: string;
  testId?: string;
  onClick: () => void;
}

export function button(label: string, options: ButtonOptions): HTMLElement {
  const element = document.createElement('vscode-button');
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.title) element.title = options.title;
  if (options.testId) element.dataset.testid = options.testId;
  element.textContent = label;
  element.addEventListener('click', () => {
    if (element.hasAttribute('disabled')) return;
    options.onClick();
  });
  return element;
}

export function setBusy(element: HTMLElement, busy: boolean): void {
  if (busy) element.setAttribute('disabled', '');
  else element.removeAttribute('disabled');
}

/**
 * A plain element, not the toolkit's badge: that one binds a `style` attribute, which the strict
 * CSP (no 'unsafe-inline') refuses. Styled in media/response.css with the theme's badge colours.
 */
export function badge(text: string, title?: string): HTMLElement {
  const element = document.createElement('span');
  element.className = 'badge';
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function progressRing(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}
