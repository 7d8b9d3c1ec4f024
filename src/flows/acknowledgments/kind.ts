import { acknowledgmentAskMessage } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import type { RequestKind } from '../request-kinds.ts';
import { ACK_KIND, modelOf } from './model.ts';
import { openAcknowledgment } from './sign.ts';

export function acknowledgmentKind(deps: FlowDeps): RequestKind {
  return {
    kind: ACK_KIND,
    buttonLabel: 'Acknowledge',
    askMessage: (request) => acknowledgmentAskMessage(modelOf(request)),
    open: (input) => openAcknowledgment(deps, input),
  };
}
