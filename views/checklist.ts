import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, fallbackText, mention, mrkdwn, plain, slackDate, truncate } from './text.ts';

export interface ChecklistStepLine {
  title: string;
  state: 'waiting' | 'open' | 'done' | 'not_applicable';
  assignee: string | null;
  dueAt: string;
  doneAt: string | null;
  doneBy: string | null;
  waitingFor: string | null;
  note: string | null;
  escalated: boolean;
}

export interface SystemLine {
  name: string;
  status: string;
  accounts: { label: string; status: string }[];
  error: string | null;
}

export interface ChecklistMessageModel {
  checklistId: string;
  type: 'onboarding' | 'offboarding';
  name: string;
  email: string;
  department: string | null;
  manager: { slackId: string | null; email: string | null; fallback: string | null };
  eventAt: string;
  state: 'open' | 'completed' | 'cancelled';
  startedBy: string;
  steps: ChecklistStepLine[];
  /** Offboarding: what the connectors listed at the start; null while they are being listed. */
  discovery: SystemLine[] | null;
  lastCheck: { at: string; clean: boolean; systems: SystemLine[] } | null;
  artifactId: string | null;
  completedAt: string | null;
  now: string;
}

const SECTION_MAX = 2_900;

function managerText(model: ChecklistMessageModel): string {
  const { manager } = model;
  if (manager.slackId) return mention(manager.slackId);
  const fallback = manager.fallback ? `their steps go to ${mention(manager.fallback)}` : 'nobody can take their steps';
  if (manager.email) return `:warning: ${escapeMrkdwn(manager.email)} is not in Slack (unknown manager): ${fallback}`;
  return `:warning: none on record: ${fallback}`;
}

function stepLine(step: ChecklistStepLine, now: string): string {
  const title = escapeMrkdwn(truncate(step.title, 200));
  const owner = step.assignee ? mention(step.assignee) : 'nobody yet';
  switch (step.state) {
    case 'done':
      return `:white_check_mark: ${title}: done by ${step.doneBy ? mention(step.doneBy) : 'evidence-bot'} ${slackDate(step.doneAt ?? now)}${step.doneAt && step.doneAt > step.dueAt ? ' (late)' : ''}`;
    case 'not_applicable':
      return `:heavy_minus_sign: ${title}: not applicable${step.note ? ` (${escapeMrkdwn(truncate(step.note, 200))})` : ''}, ${step.doneBy ? mention(step.doneBy) : 'evidence-bot'}`;
    case 'open': {
      const overdue = step.dueAt <= now;
      return `${overdue ? ':red_circle:' : ':hourglass_flowing_sand:'} ${title}: ${owner}, due ${slackDate(step.dueAt)}${overdue ? ' *overdue*' : ''}${step.escalated ? ', escalated' : ''}`;
    }
    case 'waiting':
      return `:double_vertical_bar: ${title}: waiting for ${escapeMrkdwn(truncate(step.waitingFor ?? 'the other steps', 400))}`;
  }
}

function systemText(system: SystemLine): string {
  const name = escapeMrkdwn(system.name);
  const accounts = system.accounts.map((account) => `${escapeMrkdwn(account.label)} (${account.status})`).join(', ');
  switch (system.status) {
    case 'failed':
      return `:x: ${name}: could not be listed (${escapeMrkdwn(truncate(system.error ?? 'unknown error', 200))})`;
    case 'remaining':
      return `:rotating_light: ${name}: *still has* ${accounts}`;
    case 'found':
      return `${name}: ${accounts}`;
    case 'disabled':
      return `${name}: ${accounts} (already disabled)`;
    case 'gone':
      return `${name}: gone`;
    default:
      return `${name}: no account`;
  }
}

/** Packs lines into as few section blocks as the 3,000-character limit allows. */
function sections(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > SECTION_MAX && current) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = line;
    } else current = next;
  }
  if (current) blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks.slice(0, 40);
}

/** The checklist as one channel message, updated in place as steps complete. */
export function checklistMessage(model: ChecklistMessageModel): { text: string; blocks: KnownBlock[] } {
  const label = model.type === 'onboarding' ? 'Onboarding' : 'Offboarding';
  const done = model.steps.filter((step) => step.state === 'done' || step.state === 'not_applicable').length;
  const stateText = model.state === 'completed' ? 'completed' : model.state === 'cancelled' ? 'cancelled' : `${done} of ${model.steps.length} steps done`;
  const facts = [
    `*${escapeMrkdwn(model.name)}* (${escapeMrkdwn(model.email)})${model.department ? `, ${escapeMrkdwn(model.department)}` : ''}`,
    `*Manager:* ${managerText(model)}`,
    `*${model.type === 'onboarding' ? 'Starts' : 'Terminated'}:* ${slackDate(model.eventAt)} · started by ${/^[UW][A-Z0-9]+$/.test(model.startedBy) ? mention(model.startedBy) : escapeMrkdwn(model.startedBy)} · ${stateText}`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${label}: ${model.name}`, 150) },
    { type: 'section', text: mrkdwn(facts.join('\n')) },
    ...sections(model.steps.map((step) => stepLine(step, model.now))),
  ];
  if (model.type === 'offboarding') {
    const lines = [model.discovery ? `*Accounts when offboarding started:* ${model.discovery.length === 0 ? 'no system has a connector' : model.discovery.map(systemText).join(' · ')}` : '*Accounts:* listing the connected systems…'];
    if (model.lastCheck) {
      lines.push(
        model.lastCheck.clean
          ? `*Check ${slackDate(model.lastCheck.at)}:* :white_check_mark: every account is gone or disabled${model.lastCheck.systems.length ? ` (${model.lastCheck.systems.map((system) => escapeMrkdwn(system.name)).join(', ')})` : ''}`
          : `*Check ${slackDate(model.lastCheck.at)}:* ${model.lastCheck.systems.filter((system) => system.status === 'remaining' || system.status === 'failed').map(systemText).join(' · ')}. The manager's attestation is blocked; security was alerted.`,
      );
    }
    blocks.push(...sections(lines));
  }
  const footer = model.state === 'completed' && model.artifactId ? `Completed ${slackDate(model.completedAt ?? model.now)}; filed as evidence \`${model.artifactId}\`.` : model.state === 'cancelled' ? 'Cancelled.' : `Checklist \`${model.checklistId}\`. Each owner has a DM for their steps.`;
  blocks.push({ type: 'context', elements: [mrkdwn(footer)] });
  return { text: fallbackText(`${label} of ${model.name}: ${stateText}`), blocks };
}

/** To security and the compliance channel: an offboarding check found access left, or could not check. */
export function verificationAlert(input: { name: string; email: string; results: SystemLine[]; channel: string | null }): { text: string; blocks: KnownBlock[] } {
  const problems = input.results.filter((result) => result.status === 'remaining' || result.status === 'failed');
  const text = `Offboarding of ${input.name}: ${problems.map((problem) => `${problem.name} ${problem.status === 'remaining' ? 'still has the account' : 'could not be checked'}`).join('; ')}`;
  return {
    text: fallbackText(text),
    blocks: [
      { type: 'section', text: mrkdwn(`:rotating_light: *Offboarding check of ${escapeMrkdwn(input.name)}* (${escapeMrkdwn(input.email)}) is not clean:\n${problems.map((problem) => `• ${systemText(problem)}`).join('\n')}`) },
      { type: 'context', elements: [mrkdwn(`Each system that still has the account has its step asked again; the manager's attestation is blocked until a check comes back clean.${input.channel ? ` Checklist in <#${input.channel}>.` : ''}`)] },
    ],
  };
}
