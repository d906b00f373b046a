export type { CompletionItem, CompletionKind, HoverInfo, LanguageContext, LanguageDocument, QuickFix, SpecContext, TextEdit, VisibleVariable } from './types';
export { complete } from './completion';
export { hover } from './hover';
export { diagnose, diagnoseAsync, type DiagnoseOptions, type DiagnoseAsyncOptions } from './diagnostics';
export { quickFixes, applyEdits } from './quickFixes';
export { validateRecord, type ValidateRecordOptions } from './validateRecord';
export { loadFileContext, type FileContext, type FileContextInput } from './loadFileContext';
