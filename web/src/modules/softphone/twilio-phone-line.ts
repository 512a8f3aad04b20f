import type { Call, Device } from '@twilio/voice-sdk';
import type { TVoiceToken } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { callCommands } from './call-commands';
import type { PhoneLine, PhoneLineNotice } from './phone-line';

const fetchToken = () => apiRequest<TVoiceToken>('/api/voice/token');

/**
 * The real line: a Twilio Voice SDK Device registered with the server's token (renewed before it
 * expires). Twilio rings it after the server asked (accept, resume, outbound): the incoming call
 * carries the caller's call SID, and only a call the agent asked for is picked up.
 */
export async function createTwilioPhoneLine(token: string): Promise<PhoneLine> {
  // Loaded only when a Twilio account is configured: simulation mode never downloads the SDK.
  const { Device } = await import('@twilio/voice-sdk');
  const device: Device = new Device(token, { closeProtection: true });
  const listeners = new Set<(notice: PhoneLineNotice) => void>();
  const notify = (notice: PhoneLineNotice) => listeners.forEach((listener) => listener(notice));
  const expected = new Set<string>();
  let expectingOutbound = false;
  let active: Call | null = null;
  let muted = false;

  device.on('tokenWillExpire', () => {
    void fetchToken().then((fresh) => fresh.token && device.updateToken(fresh.token));
  });
  device.on('error', (error: { message?: string }) => notify({ kind: 'error', message: error.message ?? 'Twilio' }));
  device.on('incoming', (call: Call) => {
    const callSid = call.customParameters.get('callSid') ?? '';
    if (!expected.has(callSid) && !expectingOutbound) {
      call.reject();
      return;
    }
    expected.delete(callSid);
    expectingOutbound = false;
    call.on('disconnect', () => {
      if (active === call) active = null;
      notify({ kind: 'audio', connected: false });
    });
    call.accept();
    call.mute(muted);
    active = call;
    notify({ kind: 'audio', connected: true });
  });
  await device.register();

  // The agent's leg is dropped by Twilio when the caller is put on hold or transferred.
  const expectCall = async <T>(callSid: string, request: () => Promise<T>) => {
    expected.add(callSid);
    try {
      return await request();
    } catch (error) {
      expected.delete(callSid);
      throw error;
    }
  };
  return {
    kind: 'twilio',
    answer: (callSid) => expectCall(callSid, () => callCommands.accept(callSid)),
    async callOut(request) {
      expectingOutbound = true;
      try {
        return await callCommands.place(request);
      } catch (error) {
        expectingOutbound = false;
        throw error;
      }
    },
    hold: (callSid) => callCommands.control(callSid, { action: 'hold' }),
    resume: (callSid) => expectCall(callSid, () => callCommands.control(callSid, { action: 'resume' })),
    transfer: (callSid, teamId) => callCommands.control(callSid, { action: 'transfer', teamId }),
    async hangUp(callSid) {
      const call = await callCommands.control(callSid, { action: 'hangup' });
      active?.disconnect();
      return call;
    },
    release(callSid) {
      expected.delete(callSid);
      if (active && active.customParameters.get('callSid') === callSid) active.disconnect();
    },
    setMuted(next) {
      muted = next;
      active?.mute(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      device.destroy();
    },
  };
}
