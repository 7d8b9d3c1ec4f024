import { CsvSyntaxError, parseCsv } from './csv.ts';
import { normaliseEmail, normaliseRoles } from './normalise.ts';
import { ConnectorError, type Account, type AccountStatus } from './types.ts';

const STATUSES: readonly AccountStatus[] = ['active', 'suspended', 'deactivated', 'invited', 'bot'];
const KNOWN = new Set(['id', 'email', 'name', 'display_name', 'roles', 'status', 'last_login']);
const SHOWN_DUPLICATES = 3;

/** One account as an export gives it: where it is (for messages), its known fields, and the rest. */
interface Row {
  where: string;
  line: string;
  get(field: string): string | null;
  extras: Record<string, string>;
}

/** Accounts from a CSV export with a header row: id, email, name (or display_name), roles, status, last_login. */
export function accountsFromCsv(system: string, file: string, text: string): Account[] {
  const fail = (message: string) => new ConnectorError(system, message);
  if (text.replace(/^\uFEFF/, '').trim() === '') throw fail(`${file} is empty`);
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fail(`${file}: line ${error.line}: ${error.message}`);
    throw error;
  }
  const [header, ...body] = records;
  const columns = header!.fields.map(canonicalField);
  const seen = new Set<string>();
  for (const [index, column] of columns.entries()) {
    if (seen.has(column)) throw fail(`${file} has the column "${header!.fields[index]!.trim()}" twice`);
    seen.add(column);
  }
  const found = `(columns found: ${header!.fields.map((name) => name.trim()).join(', ')})`;
  if (!seen.has('id') && !seen.has('email')) throw fail(`${file} has no "id" or "email" column ${found}`);
  if (!seen.has('name') && !seen.has('display_name')) throw fail(`${file} has no "name" (or "display_name") column ${found}`);
  if (!seen.has('roles')) throw fail(`${file} has no "roles" column ${found}`);
  if (body.length === 0) throw fail(`${file} has a header but no accounts`);

  const rows = body.map((record): Row => {
    if (record.fields.length !== columns.length) {
      throw fail(`${file}: line ${record.line} has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header has ${columns.length}`);
    }
    const extras: Record<string, string> = {};
    columns.forEach((column, index) => {
      const value = record.fields[index]!.trim();
      if (!KNOWN.has(column) && value !== '') extras[header!.fields[index]!.trim()] = value;
    });
    return {
      where: `line ${record.line}`,
      line: String(record.line),
      get: (field) => {
        const index = columns.indexOf(field);
        return index < 0 ? null : record.fields[index]!;
      },
      extras,
    };
  });
  return toAccounts(system, file, rows, 'lines');
}

/** Accounts from a JSON export: an array of objects with the CSV's fields, or `{ "accounts": [...] }`. */
export function accountsFromJson(system: string, file: string, text: string): Account[] {
  const fail = (message: string) => new ConnectorError(system, message);
  if (text.replace(/^\uFEFF/, '').trim() === '') throw fail(`${file} is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // V8 quotes a slice of the input after the reason, line breaks and all; the reason is enough.
    const reason = /^(.*?)(?:, "|, \.\.\.|$)/s.exec((error as Error).message)![1]!.replace(/\s+/g, ' ');
    throw fail(`${file} is not valid JSON (${reason})`);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(items)) throw fail(`${file} must hold an array of accounts or { "accounts": [...] }`);
  if (items.length === 0) throw fail(`${file} lists no accounts`);

  const rows = items.map((item: unknown, index): Row => {
    const where = `item ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw fail(`${file}: ${where} is not an object`);
    const fields = new Map<string, string>();
    const extras: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      const field = canonicalField(key);
      if (!KNOWN.has(field)) {
        if (value !== null && value !== undefined && value !== '') extras[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
      } else if (field === 'roles' && Array.isArray(value) && value.every((role) => typeof role === 'string')) {
        fields.set(field, value.join(';'));
      } else if (typeof value === 'string' || (field === 'id' && typeof value === 'number')) {
        fields.set(field, String(value));
      } else if (value === null) {
        // An explicit null says the export has the field but no value, as an empty CSV cell does.
        fields.set(field, '');
      } else {
        throw fail(`${file}: ${where}: "${key}" must be ${field === 'roles' ? 'a list of strings or a string' : 'a string'}`);
      }
    }
    if (!fields.has('id') && !fields.has('email')) throw fail(`${file}: ${where} has no "id" or "email"`);
    if (!fields.has('name') && !fields.has('display_name')) throw fail(`${file}: ${where} has no "name" (or "display_name")`);
    if (!fields.has('roles')) throw fail(`${file}: ${where} has no "roles"`);
    return { where, line: String(index + 1), get: (field) => fields.get(field) ?? null, extras };
  });
  return toAccounts(system, file, rows, 'items');
}

function toAccounts(system: string, file: string, rows: Row[], unit: 'lines' | 'items'): Account[] {
  const fail = (message: string) => new ConnectorError(system, message);
  const accounts = rows.map((row): Account => {
    const text = (field: string) => row.get(field)?.trim() ?? '';
    const email = normaliseEmail(text('email'));
    const id = text('id') || email;
    if (!id) throw fail(`${file}: ${row.where} has neither an id nor an email`);
    const status = text('status').toLowerCase() || 'active';
    if (!STATUSES.includes(status as AccountStatus)) throw fail(`${file}: ${row.where}: unknown status "${text('status')}" (expected one of ${STATUSES.join(', ')})`);
    const lastLoginText = text('last_login');
    const lastLogin = lastLoginText === '' || lastLoginText.toLowerCase() === 'never' ? null : parseInstant(lastLoginText);
    if (lastLogin === undefined) throw fail(`${file}: ${row.where}: last_login "${lastLoginText}" is not an ISO 8601 date such as 2026-06-30 or 2026-06-30T14:02:11Z`);
    return {
      id,
      email,
      displayName: text('name') || text('display_name') || id,
      roles: normaliseRoles(text('roles').split(/[;|]/)),
      status: status as AccountStatus,
      lastLogin,
      attributes: row.extras,
    };
  });

  const where = new Map<string, string[]>();
  accounts.forEach((account, index) => where.set(account.id, [...(where.get(account.id) ?? []), rows[index]!.line]));
  const repeated = [...where.entries()].filter(([, places]) => places.length > 1);
  if (repeated.length > 0) {
    const named = repeated.slice(0, SHOWN_DUPLICATES).map(([id, places]) => `"${id}" (${unit} ${places.join(', ')})`);
    const more = repeated.length > SHOWN_DUPLICATES ? ` and ${repeated.length - SHOWN_DUPLICATES} more` : '';
    throw fail(`${file} repeats ids: ${named.join(', ')}${more}`);
  }
  return accounts;
}

/** "Display Name", "displayName" and "display-name" all mean display_name. */
function canonicalField(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO instant, or undefined when the text is not one. A time without a zone is refused, not
 * guessed: the same export read on two servers must give the same instant.
 */
export function parseInstant(text: string): string | undefined {
  const date = DATE.exec(text);
  const match = date ?? DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zoneText = 'Z'] = match;
  if (!validDay(Number(year), Number(month), Number(day)) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const zone = zoneText.toUpperCase() === 'Z' ? 'Z' : `${zoneText.slice(0, 3)}:${zoneText.slice(-2)}`;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return undefined;
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '.000';
  const instant = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${zone}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
