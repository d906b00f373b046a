// Completion as a pure function: document, position, context → items. The zone under the
// cursor decides which completer runs; each completer reads the registry, the operation the
// request matches and the variables, and never throws on a half-typed document.

import type { Position } from '../http/ast';
import type { CompletionItem, LanguageContext, LanguageDocument } from './types';
import { linesOf } from './textLines';
import { locateCursor } from './locateCursor';
import { specFor, requestMedia } from './specFor';
import { requestTarget } from './requestTarget';
import { completeMethods } from './completeMethods';
import { completeUrl } from './completeUrl';
import { completeHeaderNames, completeHeaderValues } from './completeHeaders';
import { completeVariables } from './completeVariables';
import { completeResponseReference } from './completeResponseReference';
import { completeBody } from './completeBody';
import { contentType } from './jsonBody';
import { completeDirectiveNames, completeDirectiveValues } from './completeDirectives';

export function complete(doc: LanguageDocument, position: Position, context: LanguageContext): CompletionItem[] {
  try {
    return completeUnsafe(doc, position, context);
  } catch {
    // A description shaped in a way no completer expected must not take the editor down.
    return [];
  }
}

function completeUnsafe(doc: LanguageDocument, position: Position, context: LanguageContext): CompletionItem[] {
  const lines = linesOf(doc.text, doc.file);
  const zone = locateCursor(lines, doc.file, position);
  const spec = specFor(context, zone.request);
  switch (zone.kind) {
    case 'variable':
      return (
        completeResponseReference(lines, doc.file, zone.prefix, zone.cursor, zone.range, zone.closed, context) ??
        completeVariables(doc.file, zone.request, context.variables, zone.range, zone.closed, spec?.registry)
      );
    case 'method': {
      const target = zone.request ? requestTarget(lines, zone.request, spec, context.variables) : undefined;
      return completeMethods(zone.range, target?.atPath ?? []);
    }
    case 'url':
      return completeUrl(lines, zone.request, zone.offset, spec, context.variables);
    case 'header-name': {
      const op = requestTarget(lines, zone.request, spec, context.variables)?.operation;
      return completeHeaderNames(zone.request, op, spec.registry, zone.range);
    }
    case 'header-value': {
      const op = requestTarget(lines, zone.request, spec, context.variables)?.operation;
      return completeHeaderValues(doc.file, zone.request, zone.name, op, spec.registry, zone.range);
    }
    case 'body': {
      const op = requestTarget(lines, zone.request, spec, context.variables)?.operation;
      return completeBody(lines, zone.start, zone.end, zone.offset, requestMedia(op, contentType(zone.request))?.schema);
    }
    case 'directive-name':
      return completeDirectiveNames(zone.range);
    case 'directive-value':
      return completeDirectiveValues(doc.file, zone.name, zone.range, context, spec);
    case 'none':
      return [];
  }
}
