// Diagnostics for an error answer's field messages, on the request that was sent: core's
// problemDiagnostics places each at its JSON path in the request's body (a missing field at the
// object that should hold it, the rest on the request line). They stay until the next send from
// that file or its next edit, whichever comes first: they describe one answer to one text.
import * as vscode from 'vscode';
import type { ResponseRecord } from '../core/send/types';
import type { DocumentStore } from './documentStore';
import { heavy } from './heavyModules';
import { toDiagnostic } from './language/convert';
import { DisposableStore } from './lifecycle';

export class ProblemDiagnostics extends DisposableStore {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('registerExplorer.problems'));

  constructor(private readonly documents: DocumentStore) {
    super();
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.collection.delete(event.document.uri);
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)));
  }

  /** A send from this document starts: the last answer's diagnostics go. */
  clear(uri: string): void {
    this.collection.delete(vscode.Uri.parse(uri));
  }

  /** Adds the diagnostics of `record`'s problem to the document it was sent from, when it is still the text that was sent. */
  async add(uri: string, version: number | undefined, record: ResponseRecord): Promise<void> {
    const index = record.request.source?.requestIndex;
    if (!record.problem || index === undefined) return;
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
    // Edited while the request was under way: the ranges would point at other text.
    if (!document || (version !== undefined && document.version !== version)) return;
    const file = await this.documents.get(document);
    const block = file.requests.find((candidate) => candidate.index === index);
    if (!block) return;
    const found = heavy().problemDiagnostics(document.getText(), file, block, record.problem).map(toDiagnostic);
    this.collection.set(document.uri, [...(this.collection.get(document.uri) ?? []), ...found]);
  }
}
