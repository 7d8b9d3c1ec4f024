import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/listeners/commands/index.ts';
import { EVENTS } from '../src/listeners/events/index.ts';
import { SHORTCUTS } from '../src/listeners/shortcuts/index.ts';

const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'manifest.json'), 'utf8'));

describe('manifest.json', () => {
  it('when the manifest lists slash commands, then each has a listener and each listener is listed', () => {
    const listed = manifest.features.slash_commands.map((command: { command: string }) => command.command).sort();
    expect(listed).toEqual([...COMMANDS].sort());
  });

  it('when the manifest declares shortcuts, then each has a listener and each listener is declared', () => {
    expect(manifest.features.shortcuts.map((shortcut: { callback_id: string }) => shortcut.callback_id).sort()).toEqual([...SHORTCUTS].sort());
  });

  it('when the manifest subscribes to events, then each has a listener and each listener is subscribed', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...EVENTS].sort());
  });

  it('when scopes are requested, then they are exactly the ones the bot uses', () => {
    // chat:write: DMs, reminders, escalations, receipts. commands: /evidence. users:read: names,
    // time zones, users.list for campaigns, the team_join event. users:read.email: the signer's
    // email in each artifact and users.lookupByEmail.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'users:read', 'users:read.email']);
  });

  it('when interactivity and events are configured, then they point at the one Bolt endpoint, and App Home is on', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
    for (const command of manifest.features.slash_commands) expect(new URL(command.url).pathname).toBe('/slack/events');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
