import { describe, expect, it } from 'vitest';
import { describeInterface, parseScaleInterface } from './links';

describe('parseScaleInterface', () => {
  it('accepts serial ports (Linux and Windows) and tcp://host:port', () => {
    expect(parseScaleInterface('serial:/dev/ttyUSB0')).toEqual({ ok: true, value: { kind: 'serial', path: '/dev/ttyUSB0' } });
    expect(parseScaleInterface('/dev/ttyS1')).toEqual({ ok: true, value: { kind: 'serial', path: '/dev/ttyS1' } });
    expect(parseScaleInterface('COM3')).toEqual({ ok: true, value: { kind: 'serial', path: 'COM3' } });
    expect(parseScaleInterface('serial:COM12')).toEqual({ ok: true, value: { kind: 'serial', path: 'COM12' } });
    expect(parseScaleInterface(' tcp://192.168.0.50:4001 ')).toEqual({ ok: true, value: { kind: 'tcp', host: '192.168.0.50', port: 4001 } });
    expect(describeInterface({ kind: 'tcp', host: '::1', port: 9 })).toBe('tcp://[::1]:9');
  });

  it('refuses anything else with the forms it accepts', () => {
    for (const bad of ['', '/etc/passwd', 'serial:/tmp/x', 'tcp://host', 'tcp://host:0', 'tcp://h:1/x', 'http://h:1', 'COM']) {
      expect(parseScaleInterface(bad)).toEqual({ ok: false, message: expect.stringContaining('tcp://host:porta') });
    }
  });
});
