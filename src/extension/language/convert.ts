// Core's plain data → VS Code objects. Ranges are zero-based on both sides, so they copy.
import * as vscode from 'vscode';
import type { CompletionItem, CompletionKind, HoverInfo } from '../../core/language';
import type { Diagnostic, Severity } from '../../core/http';
import { toRange } from '../documentStore';

const completionKinds: Record<CompletionKind, vscode.CompletionItemKind> = {
  method: vscode.CompletionItemKind.Method,
  path: vscode.CompletionItemKind.Reference,
  parameter: vscode.CompletionItemKind.Field,
  header: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  property: vscode.CompletionItemKind.Property,
  variable: vscode.CompletionItemKind.Variable,
  snippet: vscode.CompletionItemKind.Snippet,
};

export function toCompletionItem(item: CompletionItem): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, completionKinds[item.kind]);
  result.insertText = new vscode.SnippetString(item.insertText);
  if (item.range) result.range = toRange(item.range);
  if (item.detail) result.detail = item.detail;
  if (item.documentation) result.documentation = new vscode.MarkdownString(item.documentation);
  if (item.sortText) result.sortText = item.sortText;
  if (item.filterText) result.filterText = item.filterText;
  if (item.deprecated) result.tags = [vscode.CompletionItemTag.Deprecated];
  return result;
}

export function toHover(info: HoverInfo): vscode.Hover {
  return new vscode.Hover(new vscode.MarkdownString(info.contents), toRange(info.range));
}

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(diagnostic: Diagnostic): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toRange(diagnostic.range), diagnostic.message, severities[diagnostic.severity]);
  result.code = diagnostic.code;
  result.source = 'Register Explorer';
  if (diagnostic.code === 'spec/deprecated' || /deprecated/.test(diagnostic.code)) result.tags = [vscode.DiagnosticTag.Deprecated];
  return result;
}
