import type { SlackUserRecord } from './types.ts';

/**
 * A full member record from the fields a test cares about. tz_label and tz_offset are derived
 * from the zone at `at`, as Slack reports the offset in force now (daylight saving included).
 */
export function buildUser(user: Partial<SlackUserRecord> & { id: string }, teamId: string, at: Date): SlackUserRecord {
  const tz = user.tz ?? 'America/New_York';
  const profile = user.profile;
  const realName = user.real_name ?? profile?.real_name ?? user.name ?? user.id;
  const name = user.name ?? profile?.display_name ?? user.id.toLowerCase();
  return {
    id: user.id,
    team_id: user.team_id ?? teamId,
    name,
    real_name: realName,
    deleted: user.deleted ?? false,
    is_bot: user.is_bot ?? false,
    ...(user.is_admin !== undefined ? { is_admin: user.is_admin } : {}),
    ...(user.is_owner !== undefined ? { is_owner: user.is_owner } : {}),
    ...(user.is_primary_owner !== undefined ? { is_primary_owner: user.is_primary_owner } : {}),
    ...(user.is_invited_user !== undefined ? { is_invited_user: user.is_invited_user } : {}),
    is_restricted: user.is_restricted ?? false,
    is_ultra_restricted: user.is_ultra_restricted ?? false,
    tz,
    tz_label: user.tz_label ?? zoneLabel(tz, at),
    tz_offset: user.tz_offset ?? zoneOffsetSeconds(tz, at),
    profile: {
      ...(profile?.email !== undefined ? { email: profile.email } : {}),
      real_name: profile?.real_name ?? realName,
      display_name: profile?.display_name ?? name,
    },
  };
}

function zoneLabel(tz: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? tz;
}

function zoneOffsetSeconds(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}
