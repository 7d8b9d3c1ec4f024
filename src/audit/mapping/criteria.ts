/**
 * What each Trust Services Criterion asks, shortened from the 2017 criteria (points of focus
 * revised in 2022). The mapping check prints these beside its verdicts and gives them to the
 * model, so a person and the second reader judge against the same words.
 */
const CRITERIA: Record<string, string> = {
  'CC1.1': 'The entity demonstrates a commitment to integrity and ethical values.',
  'CC1.2': 'The board of directors is independent from management and oversees the development and performance of internal control.',
  'CC1.3': 'Management establishes, with board oversight, structures, reporting lines, and appropriate authorities and responsibilities.',
  'CC1.4': 'The entity demonstrates a commitment to attract, develop, and retain competent individuals in alignment with objectives.',
  'CC1.5': 'The entity holds individuals accountable for their internal control responsibilities.',
  'CC2.1': 'The entity obtains or generates and uses relevant, quality information to support the functioning of internal control.',
  'CC2.2': 'The entity internally communicates information, including objectives and responsibilities for internal control, necessary to support its functioning.',
  'CC2.3': 'The entity communicates with external parties regarding matters affecting the functioning of internal control.',
  'CC3.1': 'The entity specifies objectives with sufficient clarity to enable the identification and assessment of risks.',
  'CC3.2': 'The entity identifies risks to its objectives across the entity and analyzes them as a basis for determining how they should be managed.',
  'CC3.3': 'The entity considers the potential for fraud in assessing risks.',
  'CC3.4': 'The entity identifies and assesses changes that could significantly impact the system of internal control.',
  'CC4.1': 'The entity performs ongoing and/or separate evaluations to ascertain whether the components of internal control are present and functioning.',
  'CC4.2': 'The entity evaluates and communicates internal control deficiencies in a timely manner to those responsible for corrective action.',
  'CC5.1': 'The entity selects and develops control activities that mitigate risks to acceptable levels.',
  'CC5.2': 'The entity selects and develops general control activities over technology.',
  'CC5.3': 'The entity deploys control activities through policies that establish what is expected and procedures that put policies into action.',
  'CC6.1': 'The entity implements logical access security software, infrastructure, and architectures over protected information assets to protect them from security events.',
  'CC6.2': 'Before issuing credentials and granting access, the entity registers and authorizes new users; credentials are removed when access is no longer authorized.',
  'CC6.3': 'The entity authorizes, modifies, or removes access to data, software, functions, and other protected assets based on roles and responsibilities, considering least privilege and segregation of duties.',
  'CC6.4': 'The entity restricts physical access to facilities and protected information assets to authorized personnel.',
  'CC6.5': 'The entity discontinues logical and physical protections over physical assets only after the ability to read or recover data from them has been diminished.',
  'CC6.6': 'The entity implements logical access security measures to protect against threats from sources outside its system boundaries.',
  'CC6.7': 'The entity restricts the transmission, movement, and removal of information to authorized users and processes, and protects it in transit.',
  'CC6.8': 'The entity implements controls to prevent or detect and act upon the introduction of unauthorized or malicious software.',
  'CC7.1': 'The entity uses detection and monitoring procedures to identify configuration changes that introduce vulnerabilities and susceptibilities to newly discovered vulnerabilities.',
  'CC7.2': 'The entity monitors system components for anomalies indicative of malicious acts, natural disasters, and errors, and analyzes them to determine whether they are security events.',
  'CC7.3': 'The entity evaluates security events to determine whether they could or have resulted in a failure to meet its objectives (security incidents) and, if so, takes action.',
  'CC7.4': 'The entity responds to identified security incidents by executing a defined incident response program to understand, contain, remediate, and communicate them.',
  'CC7.5': 'The entity identifies, develops, and implements activities to recover from identified security incidents.',
  'CC8.1': 'The entity authorizes, designs, develops or acquires, configures, documents, tests, approves, and implements changes to infrastructure, data, software, and procedures.',
  'CC9.1': 'The entity identifies, selects, and develops risk mitigation activities for risks arising from potential business disruptions.',
  'CC9.2': 'The entity assesses and manages risks associated with vendors and business partners.',
  'A1.1': 'The entity maintains, monitors, and evaluates current processing capacity and use of system components to manage capacity demand.',
  'A1.2': 'The entity authorizes, designs, develops, implements, operates, maintains, and monitors environmental protections, software, data backup, and recovery infrastructure.',
  'A1.3': 'The entity tests recovery plan procedures supporting system recovery.',
  'C1.1': 'The entity identifies and maintains confidential information to meet its confidentiality objectives.',
  'C1.2': 'The entity disposes of confidential information to meet its confidentiality objectives.',
};

const FAMILIES: Record<string, string> = {
  PI1: 'Processing integrity: the entity obtains, processes, stores and outputs data completely, accurately and on time.',
  P: 'Privacy: the entity collects, uses, retains, discloses and disposes of personal information in line with its privacy notice and commitments.',
};

/** The criterion's text, or its family's where this list has none (processing integrity, privacy). */
export function criterionText(control: string): string {
  const own = CRITERIA[control];
  if (own) return own;
  const family = control.split('.')[0]!;
  return FAMILIES[family] ?? FAMILIES[family.replace(/\d+$/, '')] ?? 'No description on file for this criterion.';
}
