import { callCommands } from './call-commands';
import type { PhoneLine } from './phone-line';

/**
 * Simulation mode (no Twilio account): the server records each action and `npm run simulate`,
 * playing Twilio, carries it out; the call's events move the softphone on. No audio.
 */
export function createSimulatedPhoneLine(): PhoneLine {
  return {
    kind: 'simulated',
    answer: callCommands.accept,
    callOut: callCommands.place,
    hold: (callSid) => callCommands.control(callSid, { action: 'hold' }),
    resume: (callSid) => callCommands.control(callSid, { action: 'resume' }),
    transfer: (callSid, teamId) => callCommands.control(callSid, { action: 'transfer', teamId }),
    hangUp: (callSid) => callCommands.control(callSid, { action: 'hangup' }),
    release: () => undefined,
    setMuted: () => undefined,
    subscribe: () => () => undefined,
    destroy: () => undefined,
  };
}
