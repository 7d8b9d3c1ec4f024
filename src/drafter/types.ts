/** What the drafter is given: the incident as captured, and the on-call's signed resolution. */
export interface PostmortemInput {
  incident: {
    number: string;
    title: string;
    source: string;
    severity: string | null;
    service: string | null;
    url: string | null;
    triggeredAt: string | null;
    acknowledgedAt: string | null;
    resolvedAt: string | null;
    timeline: { at: string; what: string; detail?: string }[];
  };
  resolution: {
    narrative: string;
    rootCause: string;
    customerImpact: string;
    detectedAt: string | null;
    resolvedAt: string | null;
    followUps: { description: string; owner: string | null }[];
    signedBy: string;
    signedAt: string;
  };
}

/** A draft for the owner to edit and sign: plain text, each field within TEXT_LIMIT, at most ACTION_ITEM_LIMIT items. */
export interface PostmortemDraft {
  summary: string;
  impact: string;
  timeline: string;
  rootCause: string;
  resolution: string;
  whatWentWell: string;
  whatWentWrong: string;
  actionItems: { description: string; owner: string | null }[];
  /** 'anthropic:<model>' or 'template' */
  generatedBy: string;
  /** Why the template was used instead of the model, when it was (no key, API failed after retries, invalid output). */
  fallbackReason: string | null;
}

export interface Drafter {
  draftPostmortem(input: PostmortemInput): Promise<PostmortemDraft>;
}
