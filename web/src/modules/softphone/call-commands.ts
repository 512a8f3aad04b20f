import type { TCall, TCallControlRequest, TPlaceCallRequest } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';

/** The server's side of every phone line: the same requests whether Twilio or the simulator carries the call. */
export const callCommands = {
  accept: (callSid: string) => apiRequest<TCall>(`/api/calls/${callSid}/accept`, { method: 'POST', body: {} }),
  decline: (callSid: string) => apiRequest<TCall>(`/api/calls/${callSid}/decline`, { method: 'POST', body: {} }),
  place: (request: TPlaceCallRequest) => apiRequest<TCall>('/api/calls', { method: 'POST', body: request }),
  control: (callSid: string, request: TCallControlRequest) => apiRequest<TCall>(`/api/calls/${callSid}/control`, { method: 'POST', body: request }),
};
