// The webview components module: what every panel builds its page from. The kit (kit.ts) is the
// only file that touches @vscode-elements; the virtualised list/tree/grid and the bridge to the
// host are ours. See /work/wt/INTERFACES.md ("webview components").
export { badge, button, checkbox, divider, progressRing, registerComponents, select, setBusy, textField } from './kit';
export type { ButtonOptions, CheckboxOptions, SelectOption, SelectOptions, TextFieldOptions } from './kit';
export { el, root } from './dom';
export { link } from './link';
export type { LinkOptions } from './link';
export { VirtualList } from './virtualList';
export type { VirtualListOptions } from './virtualList';
export { connect } from './bridge';
export type { Bridge, ReplyMessage } from './bridge';
