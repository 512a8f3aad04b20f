/**
 * What a simulated call's recording plays: two seconds of a soft 440 Hz tone (8 kHz, 8-bit mono
 * WAV, 16 KB), so the console's player works offline. Built once; no file to ship.
 */
let cached: Uint8Array<ArrayBuffer> | undefined;

export function simulatedRecordingWav(): Uint8Array<ArrayBuffer> {
  if (cached) return cached;
  const sampleRate = 8000;
  const samples = sampleRate * 2;
  const buffer = Buffer.alloc(44 + samples);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate, 28); // bytes per second
  buffer.writeUInt16LE(1, 32); // block align
  buffer.writeUInt16LE(8, 34); // bits per sample
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples, 40);
  for (let index = 0; index < samples; index += 1) {
    buffer[44 + index] = Math.round(128 + 24 * Math.sin((2 * Math.PI * 440 * index) / sampleRate));
  }
  cached = new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
  return cached;
}
