export type { CompletionItem, CompletionKind, HoverInfo, LanguageContext, LanguageDocument, QuickFix, SpecContext, TextEdit, VisibleVariable } from './types';
export { complete } from './completion';
export { hover } from './hover';
export { diagnose, type DiagnoseOptions } from './diagnostics';
export { quickFixes, applyEdits } from './quickFixes';
export { validateRecord, type ValidateRecordOptions } from './validateRecord';
