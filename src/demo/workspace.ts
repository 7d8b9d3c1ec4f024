import type { SlackUserRecord } from '../slack-double/index.ts';

/** The demo company: eight people, two managers, one compliance admin. */
export const DEMO_PEOPLE: (Partial<SlackUserRecord> & { id: string })[] = [
  person('U0DEMOADM1', 'Avery Admin', 'avery', 'America/New_York'),
  person('U0DEMOMGR1', 'Morgan Lee', 'morgan', 'America/New_York'),
  person('U0DEMOMGR2', 'Priya Raman', 'priya', 'Europe/London'),
  person('U0DEMOENG1', 'Eli Okafor', 'eli', 'Europe/Berlin'),
  person('U0DEMOENG2', 'Dana Whitfield', 'dana', 'America/Los_Angeles'),
  person('U0DEMOENG3', 'Sam Kowalski', 'sam', 'America/Chicago'),
  person('U0DEMOENG4', 'Pat Moreno', 'pat', 'America/Denver'),
  person('U0DEMOSAL1', 'Jordan Blake', 'jordan', 'America/New_York'),
];

export const DEMO_NEW_HIRE = person('U0DEMONEW1', 'Nia Adeyemi', 'nia', 'America/New_York');

export const DEMO_CHANNEL = { id: 'C0DEMOCOMP', name: 'compliance' };
export const DEMO_INCIDENT_CHANNEL = { id: 'C0DEMOINCI', name: 'incidents' };

/** April's hire: HR announces him before he has a Slack account. */
export const DEMO_HIRE = { email: 'theo@example.com', user: person('U0DEMONEW2', 'Theo Park', 'theo', 'America/New_York') };

function person(id: string, realName: string, handle: string, tz: string): Partial<SlackUserRecord> & { id: string } {
  return { id, name: handle, real_name: realName, tz, profile: { email: `${handle}@example.com`, real_name: realName, display_name: handle } };
}

/** The demo's evidence.config.yaml: everything else is the embedded defaults. */
export const DEMO_CONFIG = `
organization: Example Inc.
timezone: America/New_York
admins: [U0DEMOADM1]
complianceChannel: ${DEMO_CHANNEL.id}
managers:
  U0DEMOENG1: U0DEMOMGR1
  U0DEMOENG2: U0DEMOMGR1
  U0DEMOENG3: U0DEMOMGR1
  U0DEMOENG4: U0DEMOMGR2
  U0DEMOSAL1: U0DEMOMGR2
policies:
  - id: infosec
    name: Information Security Policy
    version: "2026.1"
    url: https://intranet.example.com/policies/infosec
  - id: acceptable-use
    name: Acceptable Use Policy
    version: "3"
    url: https://intranet.example.com/policies/acceptable-use
emailDomains: [example.com]
systems:
  - id: github
    name: GitHub
    reviewers: [U0DEMOMGR1]
    owner: U0DEMOENG1
    connector: { type: file, path: exports/github.csv }
  - id: vercel
    name: Vercel
    reviewers: [U0DEMOMGR2]
    owner: U0DEMOENG2
    connector: { type: file, path: exports/vercel.csv }
  - id: linear
    name: Linear
    reviewers: [U0DEMOMGR2]
    connector: { type: file, path: exports/linear.json }
incidents:
  channel: ${DEMO_INCIDENT_CHANNEL.id}
  pagerdutyUsers:
    PELI001: U0DEMOENG1
  serviceOwners:
    front-end: U0DEMOENG2
lifecycle:
  roles:
    it: [U0DEMOENG1]
    security: [U0DEMOADM1]
    hr: [U0DEMOADM1]
acknowledgments:
  training:
    name: Security Awareness Training
    version: "2026"
    url: https://training.example.com/security-2026
# The quarter the demo plays: \`evidence gaps\` reports on it.
audit:
  window: { from: 2026-01-01, to: 2026-03-31 }
`;
