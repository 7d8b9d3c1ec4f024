/** Replies to `/evidence` that are plain text. */
export function commandHelp(admin: boolean): { response_type: 'ephemeral'; text: string } {
  const lines = ['*evidence-bot*: I ask for SOC 2 evidence, chase it, and file what you sign.', 'Your open requests are in my App Home tab.'];
  if (admin) {
    lines.push(
      '',
      '`/evidence status [control]`: evidence per control this quarter, open and overdue requests, who has not acknowledged the policies',
      '`/evidence acknowledgments`: ask everyone in scope to acknowledge the current policies now',
    );
  }
  return { response_type: 'ephemeral', text: lines.join('\n') };
}

export function notAdminMessage(subcommand: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text: `\`/evidence ${subcommand}\` is for the compliance admins configured in evidence-bot. Your own requests are in my App Home tab.` };
}
