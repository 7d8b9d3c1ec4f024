/**
 * The checklists a config without a `lifecycle` section gets, written as the YAML would be (the
 * schema parses them like user input). Offboarding access removal is due 24 h after the
 * termination time; the manager attests last. Steps without `controls` support the
 * event's defaults that are in scope (onboarding CC1.4 and CC6.2, offboarding CC6.2 and CC6.3).
 */
export interface StepInput {
  key: string;
  title: string;
  owner: string;
  due: string;
  controls?: string[];
  needs?: ('note' | 'link')[];
  kind?: 'task' | 'access-removal' | 'acknowledgments' | 'attestation';
}

export const DEFAULT_ONBOARDING_STEPS: StepInput[] = [
  { key: 'accounts', title: 'Create the accounts the role needs, and no more', owner: 'it', due: '-1d', needs: ['note'] },
  { key: 'acknowledgments', title: 'Acknowledge the policies and complete the security training', owner: 'employee', due: '7d', kind: 'acknowledgments' },
  { key: 'manager-attestation', title: 'Manager attests the access is right for the role', owner: 'manager', due: '14d', kind: 'attestation' },
];

export const DEFAULT_OFFBOARDING_STEPS: StepInput[] = [
  { key: 'access', title: 'Remove access', owner: 'it', due: '24h', kind: 'access-removal', needs: ['note'] },
  { key: 'other-access', title: 'Remove access from systems without a connector (SSO, email, shared vaults)', owner: 'it', due: '24h', needs: ['note'] },
  { key: 'devices', title: 'Recover the laptop and other devices', owner: 'it', due: '5d', needs: ['note'] },
  { key: 'manager-attestation', title: 'Manager attests every access is removed', owner: 'manager', due: '7d', kind: 'attestation' },
];
