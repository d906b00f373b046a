// Registers every language feature for `http` documents; each provider registers and disposes
// itself. Nothing is parsed or loaded here: the providers do that on their first call.
import type * as vscode from 'vscode';
import { HTTP_LANGUAGE } from '../documentStore';
import { DisposableStore } from '../lifecycle';
import type { Services } from '../services';
import { ArazzoCodeLensProvider } from './arazzoCodeLensProvider';
import { ArazzoLanguageProvider } from './arazzoLanguageProvider';
import { CodeActionProvider } from './codeActionProvider';
import { CodeLensProvider } from './codeLensProvider';
import { CompletionProvider } from './completionProvider';
import { DefinitionProvider } from './definitionProvider';
import { DiagnosticsProvider } from './diagnosticsProvider';
import { HoverProvider } from './hoverProvider';
import { LanguageContextStore } from './languageContext';
import { OutlineProvider } from './outlineProvider';

export const HTTP_SELECTOR: vscode.DocumentSelector = [
  { language: HTTP_LANGUAGE, scheme: 'file' },
  { language: HTTP_LANGUAGE, scheme: 'untitled' },
];

export function registerLanguageFeatures(s: Services): vscode.Disposable {
  const store = new DisposableStore();
  const contexts = store.register(new LanguageContextStore(s));
  const diagnostics = store.register(new DiagnosticsProvider(s.documents, contexts, s.environments, s.log));
  store.register(new CompletionProvider(HTTP_SELECTOR, s.documents, contexts));
  store.register(new HoverProvider(HTTP_SELECTOR, s.documents, contexts));
  store.register(new CodeActionProvider(HTTP_SELECTOR, diagnostics));
  store.register(new CodeLensProvider(HTTP_SELECTOR, s.documents));
  store.register(new OutlineProvider(HTTP_SELECTOR, s.documents));
  store.register(new DefinitionProvider(HTTP_SELECTOR, s.documents, s.environments));
  store.register(new ArazzoCodeLensProvider());
  store.register(new ArazzoLanguageProvider(s.flows.loader, s.environments, s.log));
  return store;
}
