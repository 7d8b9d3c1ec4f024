/** Replies to `/evidence` that are plain text. */
export function commandHelp(admin: boolean): { response_type: 'ephemeral'; text: string } {
  const lines = [
    '*evidence-bot*: I ask for SOC 2 evidence, chase it, and file what you sign.',
    'Your open requests are in my App Home tab.',
    '`/evidence incident <what is happening>`: log an incident (or use "Log as incident" on a message)',
  ];
  if (admin) {
    lines.push(
      '',
      '`/evidence status [control]`: evidence per control this quarter, open and overdue requests, who has not acknowledged the policies, gaps in the observation window',
      '`/evidence sample <2026-06-14 | 2026-W23 | 2026-06-01..2026-06-30> [control]`: every artifact covering that period, per control, with links, and the controls with none',
      '`/evidence acknowledgments`: ask everyone in scope to acknowledge the current policies now',
      '`/evidence review <system>`: start this period\'s access review of a system now',
      '`/evidence onboard <email> [start=YYYY-MM-DD] [manager=<email>] [department=<name>]`: start an onboarding checklist',
      '`/evidence offboard <email> [at=<date or ISO time>] [manager=<email>]`: start an offboarding checklist; every connected system is checked',
    );
  }
  return { response_type: 'ephemeral', text: lines.join('\n') };
}

export function notAdminMessage(subcommand: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text: `\`/evidence ${subcommand}\` is for the compliance admins configured in evidence-bot. Your own requests are in my App Home tab.` };
}

export function reviewStartedText(started: { system: string; period: string; accounts: number; parts: number; added: number; removed: number; roleChanged: number; flagged: number; snapshotSha256: string }): string {
  return `Access review of ${started.system} for ${started.period} started: ${started.accounts} account(s) listed and frozen (SHA-256 ${started.snapshotSha256.slice(0, 16)}…), ${started.added} added, ${started.removed} removed, ${started.roleChanged} with changed roles, ${started.flagged} flagged. ${started.parts === 1 ? 'The reviewer' : `${started.parts} reviewers`} will get a DM within a minute.`;
}
