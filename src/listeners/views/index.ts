import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { ACK_IDS } from '../../../views/acknowledgment.ts';
import { acknowledgmentSubmit } from './acknowledgment-submit.ts';

export function registerViews(app: App, services: Services): void {
  app.view(ACK_IDS.callbackId, acknowledgmentSubmit(services));
}
