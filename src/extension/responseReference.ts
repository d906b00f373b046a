// "Use in next request": a node of a response body becomes `{{name.response.body.$…}}` where
// the user writes requests. A request without `# @name` is named first (asked, then written
// above its request line as an undoable edit, never saved for the user).
import * as vscode from 'vscode';
import type { ResponseRecord } from '../core/send/types';
import { isHttpDocument } from './documentStore';

const NAME = /^[A-Za-z_][\w-]*$/;

export async function useInRequest(record: ResponseRecord, path: string): Promise<string> {
  const source = record.request.source;
  let name = source?.name;
  if (!name) {
    name = await vscode.window.showInputBox({
      title: 'Use in next request',
      prompt: 'This request has no # @name yet; name it to refer to its response',
      value: suggestName(record),
      ignoreFocusOut: true,
      validateInput: (value) => (NAME.test(value) ? undefined : 'letters, digits, _ and -, starting with a letter'),
    });
    if (!name) return 'Cancelled';
    if (source?.file && source.line !== undefined) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(source.file));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(source.line, 0), `# @name ${name}\n`);
      await vscode.workspace.applyEdit(edit);
    }
  }
  const reference = `{{${name}.response.body.${path}}}`;
  const editor = targetEditor(source?.file);
  if (!editor) {
    await vscode.env.clipboard.writeText(reference);
    return `No request file is open: copied ${reference}`;
  }
  await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, reference);
  });
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  return `Inserted ${reference}`;
}

/** The request file of the response when it is open, else another visible request file. */
function targetEditor(file: string | undefined): vscode.TextEditor | undefined {
  const editors = vscode.window.visibleTextEditors.filter((editor) => isHttpDocument(editor.document));
  return editors.find((editor) => editor.document.uri.scheme === 'file' && editor.document.uri.fsPath === file) ?? editors[0];
}

function suggestName(record: ResponseRecord): string {
  const last = new URL(record.request.url, 'http://x').pathname.split('/').filter(Boolean).pop() ?? 'response';
  const word = last.replace(/[^\w-]/g, '');
  return NAME.test(word) ? word : 'response';
}
