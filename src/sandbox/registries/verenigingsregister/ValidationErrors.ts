/** Field path → messages, the `validationErrors` member of a 400 problem details answer. */
export class ValidationErrors {
  readonly byField: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.byField[field] ??= []).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.byField).length === 0;
  }

  /** The first message, used as the problem's `detail`. */
  first(): string {
    const [field] = Object.keys(this.byField);
    return field === undefined ? '' : this.byField[field]![0]!;
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads typed fields out of an untrusted JSON object, recording what is wrong instead of throwing. */
export class FieldReader {
  constructor(
    private readonly errors: ValidationErrors,
    private readonly prefix: string,
  ) {}

  private path(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  string(obj: JsonObject, key: string, required = false): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.errors.add(this.path(key), `'${key}' is verplicht.`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.add(this.path(key), `'${key}' moet een tekst zijn.`);
      return undefined;
    }
    if (required && value.trim() === '') {
      this.errors.add(this.path(key), `'${key}' mag niet leeg zijn.`);
      return undefined;
    }
    return value;
  }

  boolean(obj: JsonObject, key: string): boolean | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.errors.add(this.path(key), `'${key}' moet true of false zijn.`);
      return undefined;
    }
    return value;
  }

  integer(obj: JsonObject, key: string): number | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.errors.add(this.path(key), `'${key}' moet een geheel getal zijn.`);
      return undefined;
    }
    return value;
  }

  object(obj: JsonObject, key: string, required = false): JsonObject | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.errors.add(this.path(key), `'${key}' is verplicht.`);
      return undefined;
    }
    if (!isObject(value)) {
      this.errors.add(this.path(key), `'${key}' moet een object zijn.`);
      return undefined;
    }
    return value;
  }

  array(obj: JsonObject, key: string): unknown[] | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.errors.add(this.path(key), `'${key}' moet een lijst zijn.`);
      return undefined;
    }
    return value;
  }

  /** Every key of `obj` outside `allowed` is an error: a typo would otherwise be silently ignored. */
  only(obj: JsonObject, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.errors.add(this.path(key), `'${key}' is geen gekend veld.`);
    }
  }
}
