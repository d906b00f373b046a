import type { RequestBlock } from '../http/ast';
import type { MediaTypeInfo, OperationInfo } from '../openapi/types';
import type { LanguageContext, SpecContext } from './types';

/** The registry and description one request is read against: its own when the file mixes them. */
export function specFor(context: LanguageContext, request: RequestBlock | undefined): SpecContext {
  return (request && context.specFor?.(request)) || context;
}

/** The request-body media type that applies: the one the request names, else JSON, else the first. */
export function requestMedia(op: OperationInfo | undefined, contentType: string | undefined): MediaTypeInfo | undefined {
  const content = op?.requestBody?.content;
  if (!content) return undefined;
  const types = Object.keys(content);
  const wanted = contentType?.split(';')[0].trim();
  const pick = (wanted && types.find((t) => t.toLowerCase() === wanted)) || types.find((t) => t === 'application/json') || types.find((t) => /json/i.test(t)) || types[0];
  return pick ? content[pick] : undefined;
}

/** How a variable's value is shown in completion details and hovers. */
export function shownValue(value: string | undefined, secret: boolean | undefined): string {
  if (value === undefined) return '(no value)';
  if (secret) return '••••••••';
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}
