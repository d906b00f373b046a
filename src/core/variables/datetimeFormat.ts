// Formats for `{{$datetime …}}` / `{{$localDatetime …}}`: the two named ones REST Client
// documents and a custom pattern with the Day.js-style tokens people already write there.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
  ms: number;
  /** Minutes east of UTC. */
  offset: number;
}

function parts(date: Date, utc: boolean): Parts {
  return utc
    ? { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate(), weekday: date.getUTCDay(), hours: date.getUTCHours(), minutes: date.getUTCMinutes(), seconds: date.getUTCSeconds(), ms: date.getUTCMilliseconds(), offset: 0 }
    : { year: date.getFullYear(), month: date.getMonth(), day: date.getDate(), weekday: date.getDay(), hours: date.getHours(), minutes: date.getMinutes(), seconds: date.getSeconds(), ms: date.getMilliseconds(), offset: -date.getTimezoneOffset() };
}

function zone(offset: number, colon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}${colon ? ':' : ''}${pad(Math.abs(offset) % 60)}`;
}

const TOKENS = /\[([^\]]*)]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g;

export function formatDatetime(date: Date, format: string, utc: boolean): string {
  const p = parts(date, utc);
  if (format === 'rfc1123') {
    // RFC 1123 dates are always GMT, whatever the caller's zone.
    return date.toUTCString();
  }
  if (format === 'iso8601') {
    if (utc) return date.toISOString();
    return `${p.year}-${pad(p.month + 1)}-${pad(p.day)}T${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}.${pad(p.ms, 3)}${zone(p.offset, true)}`;
  }
  return format.replace(TOKENS, (token: string, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY': return String(p.year);
      case 'YY': return pad(p.year % 100);
      case 'MMMM': return MONTHS[p.month]!;
      case 'MMM': return MONTHS[p.month]!.slice(0, 3);
      case 'MM': return pad(p.month + 1);
      case 'M': return String(p.month + 1);
      case 'DD': return pad(p.day);
      case 'D': return String(p.day);
      case 'dddd': return DAYS[p.weekday]!;
      case 'ddd': return DAYS[p.weekday]!.slice(0, 3);
      case 'HH': return pad(p.hours);
      case 'H': return String(p.hours);
      case 'hh': return pad(p.hours % 12 || 12);
      case 'h': return String(p.hours % 12 || 12);
      case 'mm': return pad(p.minutes);
      case 'm': return String(p.minutes);
      case 'ss': return pad(p.seconds);
      case 's': return String(p.seconds);
      case 'SSS': return pad(p.ms, 3);
      case 'A': return p.hours < 12 ? 'AM' : 'PM';
      case 'a': return p.hours < 12 ? 'am' : 'pm';
      case 'ZZ': return zone(p.offset, false);
      case 'Z': return zone(p.offset, true);
      case 'X': return String(Math.floor(date.getTime() / 1000));
      case 'x': return String(date.getTime());
      default: return token;
    }
  });
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Applies an offset like `-1 d` or `3 M`; months and years move the calendar, the rest add time. */
export function applyOffset(date: Date, amount: number, unit: string): Date {
  if (unit === 'M' || unit === 'y') {
    const result = new Date(date.getTime());
    result.setUTCMonth(result.getUTCMonth() + amount * (unit === 'y' ? 12 : 1));
    return result;
  }
  const ms = UNIT_MS[unit];
  if (ms === undefined) throw new Error(`unknown offset unit '${unit}' (use y, M, w, d, h, m, s or ms)`);
  return new Date(date.getTime() + amount * ms);
}
