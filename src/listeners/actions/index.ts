import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { REQUEST_IDS } from '../../../views/requests.ts';
import { openRequestAction } from './open-request.ts';

export function registerActions(app: App, services: Services): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: REQUEST_IDS.openActionPattern }, openRequestAction(services));
}
