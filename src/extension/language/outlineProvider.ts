// Document symbols (the outline, breadcrumbs, Go to Symbol) and folding, one request a unit.
import * as vscode from 'vscode';
import type { DocumentStore } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import { toRange } from '../documentStore';

export class OutlineProvider extends DisposableStore implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(
    selector: vscode.DocumentSelector,
    private readonly documents: DocumentStore,
  ) {
    super();
    this.register(vscode.languages.registerDocumentSymbolProvider(selector, this, { label: 'Requests' }));
    this.register(vscode.languages.registerFoldingRangeProvider(selector, this));
  }

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const file = await this.documents.get(document);
    const symbols: vscode.DocumentSymbol[] = [];
    for (const variable of file.variables) {
      symbols.push(new vscode.DocumentSymbol(`@${variable.name}`, variable.value, vscode.SymbolKind.Variable, toRange(variable.range), toRange(variable.nameRange)));
    }
    for (const request of file.requests) {
      const line = request.requestLine;
      if (!line) continue;
      const label = request.name ?? request.title ?? `${line.method} ${line.url}`;
      const symbol = new vscode.DocumentSymbol(label, request.name || request.title ? `${line.method} ${line.url}` : '', vscode.SymbolKind.Function, toRange(request.range), toRange(line.range));
      for (const variable of request.variables) {
        symbol.children.push(new vscode.DocumentSymbol(`@${variable.name}`, variable.value, vscode.SymbolKind.Variable, toRange(variable.range), toRange(variable.nameRange)));
      }
      for (const header of request.headers) {
        symbol.children.push(new vscode.DocumentSymbol(header.name, header.value, vscode.SymbolKind.Property, toRange(header.range), toRange(header.nameRange)));
      }
      symbols.push(symbol);
    }
    return symbols;
  }

  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const file = await this.documents.get(document);
    const ranges: vscode.FoldingRange[] = [];
    for (const request of file.requests) {
      let end = request.range.end.line;
      // Trailing blank lines stay visible between folded requests.
      while (end > request.range.start.line && document.lineAt(end).isEmptyOrWhitespace) end--;
      if (end > request.range.start.line) ranges.push(new vscode.FoldingRange(request.range.start.line, end, vscode.FoldingRangeKind.Region));
      if (request.body && request.body.range.end.line > request.body.range.start.line) {
        ranges.push(new vscode.FoldingRange(request.body.range.start.line, request.body.range.end.line));
      }
      for (const script of request.scripts) {
        if (script.range.end.line > script.range.start.line) ranges.push(new vscode.FoldingRange(script.range.start.line, script.range.end.line));
      }
    }
    return ranges;
  }
}
