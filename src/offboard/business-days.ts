/**
 * Calendar dates for the offboarding notice: business days by date-fns on UTC dates, and the one
 * strict date reader of the tool (src/core/instant.ts), so `2026-02-31` is refused here as everywhere.
 */
import { UTCDate } from '@date-fns/utc';
import { addBusinessDays as addWeekdays } from 'date-fns';
import { formatInstant, readInstant } from '../core/instant.js';

/** A calendar date (YYYY-MM-DD, UTC) `days` business days (Monday to Friday) after `date`. Pure. */
export function addBusinessDays(date: string, days: number): string {
  return formatInstant(addWeekdays(new UTCDate(`${date}T00:00:00Z`), days).getTime()).slice(0, 10);
}

/** The calendar date (UTC) of an ISO date, or of a date-time with a zone; undefined otherwise. */
export function calendarDate(value: string): string | undefined {
  if (value !== value.trim()) return undefined;
  const read = readInstant(value, { zoneless: false });
  return read.ok ? formatInstant(read.ms).slice(0, 10) : undefined;
}
