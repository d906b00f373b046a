// Which changes break a client written against the old release, in one table. The direction
// decides: what a client sends may become narrower only at its cost (a request property that
// becomes required, an enum value removed, a type narrowed), what it reads may become wider only
// at its cost (a response property removed, an enum value added, null now possible).

import type { ChangeKind, Direction, Severity } from './types';

/** What else decides a change's severity besides its kind and direction. */
export interface ChangeTraits {
  /** For required-ness, nullability, read-only, deprecation, enum presence: true when it became so. */
  became?: boolean;
  /** A request property or parameter that must be sent. */
  required?: boolean;
  /** For a type or constraint change: the new schema accepts more (true), less (false), or other (undefined). */
  wider?: boolean;
  /** A removed request property in an object that allows no others. */
  closed?: boolean;
  /** A status code in 2XX. */
  success?: boolean;
  /** Another success response or media type is still there. */
  alternative?: boolean;
  /** The removed operation was deprecated in the old release. */
  deprecated?: boolean;
  /** A path parameter: clients fill it by position, its name is not sent. */
  positional?: boolean;
  /** A type change old values still satisfy in another form (one value is a list of one). */
  compatible?: boolean;
}

type Rule = (direction: Direction | undefined, t: ChangeTraits) => Severity;

const byDirection = (request: Severity, response: Severity): Rule => (direction) => (direction === 'request' ? request : response);
const fixed = (severity: Severity): Rule => () => severity;

// For widening/narrowing: the side that must accept whatever the other side produces breaks when
// the producer widens (response) or the consumer narrows (request).
const typeRule: Rule = (direction, t) => {
  if (t.compatible) return 'warning';
  if (t.wider === undefined) return 'breaking';
  if (direction === 'request') return t.wider ? 'info' : 'breaking';
  return t.wider ? 'breaking' : 'info';
};

// Bounds on what a client reads (lengths, sizes, patterns) are documentation to it; on what it
// sends they decide whether the server accepts it.
const constraintRule: Rule = (direction, t) => {
  if (direction !== 'request') return 'info';
  if (t.wider === undefined) return 'warning';
  return t.wider ? 'info' : 'breaking';
};

const RULES: Record<ChangeKind, Rule> = {
  'server-changed': fixed('warning'),
  'operation-added': fixed('info'),
  'operation-removed': (_, t) => (t.deprecated ? 'warning' : 'breaking'),
  'operation-moved': fixed('breaking'),
  'operation-id-changed': fixed('warning'),
  'operation-deprecated': fixed('info'),
  'parameter-added': (_, t) => (t.required ? 'breaking' : 'info'),
  'parameter-removed': fixed('warning'),
  'parameter-renamed': (_, t) => (t.positional ? 'info' : 'breaking'),
  'parameter-required-changed': (_, t) => (t.became ? 'breaking' : 'info'),
  'request-body-added': (_, t) => (t.required ? 'breaking' : 'info'),
  'request-body-removed': fixed('warning'),
  'request-body-required-changed': (_, t) => (t.became ? 'breaking' : 'info'),
  'media-type-added': fixed('info'),
  'media-type-removed': (direction, t) => (direction === 'response' && t.alternative ? 'warning' : 'breaking'),
  'response-added': (_, t) => (t.success ? (t.alternative ? 'warning' : 'info') : 'info'),
  'response-removed': (_, t) => (t.success ? (t.alternative ? 'warning' : 'breaking') : 'info'),
  'response-status-changed': fixed('breaking'),
  'response-header-added': fixed('info'),
  'response-header-removed': (_, t) => (t.required ? 'breaking' : 'warning'),
  'property-added': (direction, t) => (direction === 'request' && t.required ? 'breaking' : 'info'),
  'property-removed': (direction, t) => (direction === 'response' ? 'breaking' : t.closed ? 'breaking' : 'warning'),
  'property-renamed': fixed('breaking'),
  'property-required-changed': (direction, t) => (direction === 'request' ? (t.became ? 'breaking' : 'info') : t.became ? 'info' : 'warning'),
  'property-read-only-changed': (direction, t) => (direction === 'request' && t.became ? 'warning' : 'info'),
  'property-deprecated': fixed('info'),
  'schema-unspecified': fixed('warning'),
  'type-changed': typeRule,
  'format-changed': constraintRule,
  'enum-values-added': byDirection('info', 'warning'),
  'enum-values-removed': byDirection('breaking', 'info'),
  'nullable-changed': (direction, t) => (direction === 'request' ? (t.became ? 'info' : 'breaking') : t.became ? 'warning' : 'info'),
  'constraint-changed': constraintRule,
  'default-changed': byDirection('warning', 'info'),
  'variant-added': byDirection('info', 'warning'),
  'variant-removed': byDirection('breaking', 'info'),
  'security-changed': (_, t) => (t.wider === false ? 'breaking' : t.wider ? 'info' : 'breaking'),
};

export function severityOf(kind: ChangeKind, direction: Direction | undefined, traits: ChangeTraits = {}): Severity {
  return RULES[kind](direction, traits);
}
