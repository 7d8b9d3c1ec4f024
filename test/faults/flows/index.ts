import { accessReviewScenario } from './access-review.ts';
import { acknowledgmentsScenario } from './acknowledgments.ts';
import { incidentsScenario } from './incidents.ts';
import { lifecycleScenario } from './lifecycle.ts';
import type { FlowScenario } from './scenario.ts';

/** Every flow the fault suite runs. A new flow: write its scenario (see scenario.ts) and add it here. */
export const SCENARIOS: readonly FlowScenario[] = [acknowledgmentsScenario, accessReviewScenario, incidentsScenario, lifecycleScenario];
