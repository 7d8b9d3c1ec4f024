export { checkBlocks, checkView, type Surface } from './block-kit-limits.ts';
export { ACK_DEADLINE_MS, SlackDriver, type ClickTarget, type DriverResponse, type SlackDriverOptions } from './driver.ts';
export { SlackDouble } from './server.ts';
export type { Failure, OpenView, PostedMessage, RecordedCall, RecordedResponse, SlackDoubleOptions, SlackUserRecord, TriggerContext } from './types.ts';
