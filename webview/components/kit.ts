// The one file that touches a UI component kit: @vscode-elements/elements, the maintained
// successor of the archived @vscode/webview-ui-toolkit. Every panel gets plain `HTMLElement`s
// from here and never names a kit tag, type or event; swapping the kit means editing this file.
// Only the components imported below are bundled (one import per element), and Lit styles them
// through constructable stylesheets, which the strict CSP (no 'unsafe-inline') allows.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

/** Kept for the panels' start-up code: importing this module defines the elements. */
export function registerComponents(): void {}

export interface ButtonOptions {
  appearance?: 'primary' | 'secondary';
  title?: string;
  testId?: string;
  onClick: () => void;
}

export function button(label: string, options: ButtonOptions): HTMLElement {
  const element = document.createElement('vscode-button');
  if ((options.appearance ?? 'secondary') === 'secondary') element.setAttribute('secondary', '');
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

/** A plain element styled with the theme's badge colours (media/components.css). */
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

export interface TextFieldOptions {
  placeholder?: string;
  label: string;
  value?: string;
  testId?: string;
  /** Called on every keystroke with the current text. */
  onInput: (value: string) => void;
  /** Enter in the field. */
  onEnter?: (value: string) => void;
}

export function textField(options: TextFieldOptions): HTMLElement & { value: string } {
  const element = document.createElement('vscode-textfield') as HTMLElement & { value: string };
  if (options.placeholder) element.setAttribute('placeholder', options.placeholder);
  element.setAttribute('aria-label', options.label);
  element.title = options.label;
  if (options.value) element.value = options.value;
  if (options.testId) element.dataset.testid = options.testId;
  element.addEventListener('input', () => options.onInput(element.value));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') options.onEnter?.(element.value);
  });
  return element;
}

export interface CheckboxOptions {
  checked: boolean;
  testId?: string;
  onChange: (checked: boolean) => void;
}

export function checkbox(label: string, options: CheckboxOptions): HTMLElement {
  const element = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  element.setAttribute('label', label);
  element.checked = options.checked;
  if (options.testId) element.dataset.testid = options.testId;
  element.addEventListener('change', () => options.onChange(element.checked));
  return element;
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectOptions {
  label: string;
  value: string;
  testId?: string;
  onChange: (value: string) => void;
}

/** A drop-down of `choices`; `value` is the selected choice's value. */
export function select(choices: readonly SelectOption[], options: SelectOptions): HTMLElement & { value: string } {
  const element = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  element.setAttribute('aria-label', options.label);
  element.title = options.label;
  if (options.testId) element.dataset.testid = options.testId;
  for (const choice of choices) {
    const option = document.createElement('vscode-option') as HTMLElement & { value: string; selected: boolean };
    option.value = choice.value;
    option.textContent = choice.label;
    if (choice.value === options.value) option.selected = true;
    element.append(option);
  }
  element.addEventListener('change', () => options.onChange(element.value));
  return element;
}
