/**
 * Times as the person reads them: in their time zone (a profile setting,
 * UTC until they choose one), in their language's format (the browser's
 * `Accept-Language`), with the zone named, and relative ("3 hours ago")
 * next to the exact time.
 */
export interface Viewer {
  timeZone: string;
  locale: string;
  now: Date;
}

export const DEFAULT_TIME_ZONE = 'UTC';

/** True for an IANA time zone name this runtime knows (e.g. "Europe/Paris"). */
export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Every time zone the runtime knows, for the profile's choice. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/**
 * The first language of an `Accept-Language` header (RFC 9110 §12.5.4) that
 * the runtime can format dates in; English otherwise.
 */
export function localeFrom(acceptLanguage: string | undefined): string {
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 10)) {
    const tag = part.split(';')[0]!.trim();
    if (!tag || tag === '*') continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.DateTimeFormat.supportedLocalesOf(canonical).length > 0) {
        return canonical;
      }
    } catch {
      // Not a language tag: try the next one.
    }
  }
  return 'en';
}

/** "30 Nov 2026, 14:05 CET": the exact time, with its zone. */
export function formatTime(iso: string, viewer: Viewer): string {
  return new Intl.DateTimeFormat(viewer.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: viewer.timeZone,
  })
    .formatToParts(new Date(iso))
    .map((part) => part.value)
    .join('')
    .concat(` ${zoneName(iso, viewer)}`);
}

/** The calendar day in the viewer's zone, as a date input wants it (YYYY-MM-DD). */
export function dayOf(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function zoneName(iso: string, viewer: Viewer): string {
  const name = new Intl.DateTimeFormat('en', { timeZone: viewer.timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((part) => part.type === 'timeZoneName')?.value;
  return name ?? viewer.timeZone;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 days", "now". */
export function relativeTime(iso: string, viewer: Viewer): string {
  const seconds = (new Date(iso).getTime() - viewer.now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(viewer.locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** The offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The last second of calendar day `day` (YYYY-MM-DD) in `timeZone`, as an instant. */
export function endOfDayIn(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, date, 23, 59, 59);
  // Twice: the first guess may sit across a daylight-saving change.
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone));
}
