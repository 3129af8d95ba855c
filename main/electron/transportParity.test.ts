// Both transports serve exactly the contract: every channel is registered with ipcMain (a recording
// fake; registration is pure logic) and answered by a real running bridge over WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channels, type BridgeReply, type Channel, type ChannelInput } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { startBridge, type RunningBridge } from '../bridge/server';
import { createConsoleBackend, type ConsoleBackend } from '../core/backend';
import { registerIpcHandlers, type IpcInvokeEventLike, type IpcMainLike } from './ipc';
import { isTrustedSenderFrame } from './trust';
import { senderFrameInfo } from './ipc';

/** A valid input for every channel; typed so a new channel cannot be added without one. */
const sampleInputs: { [C in Channel]: ChannelInput<C> } = {
  'cluster.connect': { bootstrap: '127.0.0.1:1' },
  'cluster.status': {},
  'cluster.overview': {},
  'access.profiles': {},
  'access.saveProfile': { profile: { name: 'parity', bootstrap: '127.0.0.1:1' } },
  'access.deleteProfile': { name: 'parity' },
  'access.connect': { name: 'no such profile' },
  'access.testConnection': { name: 'no such profile' },
  'access.identity': {},
  'access.permissions': {},
  'topics.list': { filter: 'payments' },
  'topics.describe': { topic: 'payments.succeeded' },
  'groups.list': {},
  'groups.describe': { groupId: 'receipts' },
  'groups.health': {},
  'groups.healthHistory': { rangeMs: 3_600_000 },
  'pipeline.map': {},
  'pipeline.validateMap': { text: '{}' },
  'pipeline.saveMap': { text: '{"not":"a map"}' },
  'pipeline.unmappedGroups': {},
  'pipeline.addStages': { groupIds: ['loyalty'] },
  'payments.stuck': { stage: 'receipts', state: 'dead-lettered' },
  'payments.find': { paymentId: 'pay-1' },
  'dlq.list': {},
  'dlq.groups': { topic: 'payments.succeeded.receipts.dlq' },
  'dlq.records': { topic: 'payments.succeeded.receipts.dlq', limit: 10 },
  'records.browse': { topic: 'payments.succeeded', seek: { mode: 'newest', count: 10 } },
  'records.scanProgress': { scanId: 'none' },
  'records.scanCancel': { scanId: 'none' },
  'records.get': { topic: 'payments.succeeded', partition: 0, offset: '0' },
  'redelivery.plan': { dlqTopic: 'payments.succeeded.receipts.dlq', selection: { kind: 'all' } },
  'redelivery.gate': { dlqTopic: 'payments.succeeded.receipts.dlq' },
  'redelivery.start': {
    dlqTopic: 'payments.succeeded.receipts.dlq',
    selection: { kind: 'all' },
    why: 'parity test',
  },
  'redelivery.status': { jobId: 'none' },
  'redelivery.list': {},
  'redelivery.cancel': { jobId: 'none' },
  'redelivery.resume': { jobId: 'none' },
  'audit.list': {},
  'audit.export': { format: 'csv' },
  'worklist.list': {},
  'worklist.update': {
    subject: { kind: 'payment', paymentId: 'pay-1' },
    action: { type: 'note', text: 'parity test' },
    basedOn: null,
  },
  'settings.get': {},
  'settings.setStageThresholds': { stage: 'receipts', deadLetters: 5, stuckSlaMinutes: 30 },
  'settings.resetStageThresholds': { stage: 'receipts' },
  'privacy.reveal': { topic: 'payments.succeeded', partition: 0, offset: '0', reason: 'parity test' },
};

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const registered = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
  };
  return { ipcMain, registered };
}

const appFrame: IpcInvokeEventLike = { senderFrame: { url: 'app://eventdesk/index.html', parent: null } };
const foreignFrame: IpcInvokeEventLike = { senderFrame: { url: 'https://evil.example/', parent: null } };
const isUnknownChannel = (r: Result<unknown>) => !r.ok && /Unknown channel/.test(r.error.message);

let backend: ConsoleBackend;
let bridge: RunningBridge;
beforeAll(async () => {
  // Real handlers, never connected: every channel answers (mostly not_connected) without a broker.
  backend = createConsoleBackend();
  bridge = await startBridge({ handlers: backend.handlers, live: backend.live });
});
afterAll(async () => {
  await bridge.close();
  await backend.dispose();
});

describe('transport parity', () => {
  it('registers every contract channel with ipcMain, exactly once, and no other', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(ipcMain, backend.handlers, (e) => isTrustedSenderFrame(senderFrameInfo(e)));
    expect([...registered.keys()].sort()).toEqual([...channels].sort());
    for (const channel of channels) {
      const result = (await registered.get(channel)!(appFrame, sampleInputs[channel])) as Result<unknown>;
      expect(isUnknownChannel(result), channel).toBe(false);
      if (!result.ok) expect(result.error.code, channel).not.toBe('forbidden');
    }
  });

  it('refuses IPC from a frame that is not our app, before any work', async () => {
    const { ipcMain, registered } = fakeIpcMain();
    registerIpcHandlers(ipcMain, backend.handlers, (e) => isTrustedSenderFrame(senderFrameInfo(e)));
    for (const channel of channels) {
      const result = (await registered.get(channel)!(foreignFrame, sampleInputs[channel])) as Result<unknown>;
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const iframe = { senderFrame: { url: 'app://eventdesk/index.html', parent: {} } };
    expect(await registered.get('cluster.status')!(iframe, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('answers every contract channel over the bridge WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`);
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    const replies = new Map<number, Result<unknown>>();
    const all = new Promise<void>((ok) =>
      ws.on('message', (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as BridgeReply;
        replies.set(reply.id, reply.result);
        if (replies.size === channels.length + 1) ok();
      }),
    );
    channels.forEach((channel, i) =>
      ws.send(JSON.stringify({ id: i + 1, channel, input: sampleInputs[channel] })),
    );
    // A control: a name outside the contract really is reported as unknown.
    ws.send(JSON.stringify({ id: 999, channel: 'system.exec', input: {} }));
    await all;
    ws.close();
    channels.forEach((channel, i) => {
      const result = replies.get(i + 1)!;
      expect(isUnknownChannel(result), channel).toBe(false);
      if (!result.ok) expect(result.error.code, channel).not.toBe('forbidden');
    });
    expect(isUnknownChannel(replies.get(999)!)).toBe(true);
  });
});
