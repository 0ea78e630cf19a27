import * as rc from '@matrix-org/matrix-sdk-crypto-wasm';
import type { Logger } from '../../../core/ports/logger.port.js';
import { MatrixRequestError } from '../matrix-api.js';
import type { SyncResponse } from '../matrix-events.js';
import type { PersistedIndexedDb } from './persisted-indexeddb.js';

/** The HTTP calls the crypto machine's requests need (SdkMatrixApi.cryptoRequest). */
export interface CryptoHttp {
  cryptoRequest(what: string, method: 'POST' | 'PUT', path: string, body: string, query?: Record<string, string>): Promise<string>;
}

export interface E2eeEngineOptions {
  readonly userId: string;
  readonly deviceId: string;
  readonly http: CryptoHttp;
  readonly db: PersistedIndexedDb;
  readonly log: Logger;
}

/** A decrypted event's type and content, or why it could not be decrypted (said to the sender). */
export type Decrypted = { readonly ok: true; readonly type: string; readonly content: Record<string, unknown> } | { readonly ok: false; readonly code: 'missing-key' | 'other'; readonly reason: string };

const STORE_NAME = 'plenary-crypto';

type OutgoingRequest = Awaited<ReturnType<rc.OlmMachine['outgoingRequests']>>[number];

/**
 * The bot's end-to-end encryption: matrix-sdk-crypto (Rust, as WebAssembly)
 * driven directly, the way matrix-js-sdk's RustCrypto drives it, but fed by
 * the bot's own sync loop and HTTP layer (the bot does not use the SDK's
 * room model). Its store is IndexedDB, kept on disk by PersistedIndexedDb.
 *
 * Trust: room keys go to every device of every joined or invited member,
 * verified or not, and messages from unverified devices are accepted (see
 * README, "Matrix end-to-end encryption", for what that means). Operations
 * on the machine's outgoing requests are serialised.
 */
export class E2eeEngine {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly machine: rc.OlmMachine,
    private readonly o: E2eeEngineOptions,
  ) {}

  static async open(o: E2eeEngineOptions): Promise<E2eeEngine> {
    await rc.initAsync();
    const machine = await rc.OlmMachine.initialize(new rc.UserId(o.userId), new rc.DeviceId(o.deviceId), STORE_NAME, undefined);
    const engine = new E2eeEngine(machine, o);
    // A new store uploads its device keys now; a restored one has nothing to send.
    await engine.serial(() => engine.flush());
    await o.db.persist();
    o.log.info({ deviceId: o.deviceId, identityKey: machine.identityKeys.curve25519.toBase64(), store: o.db.path }, 'end-to-end encryption ready');
    return engine;
  }

  get deviceId(): string {
    return this.o.deviceId;
  }

  /** Takes in a sync's to-device messages, device list changes and key counts; the caller persists before moving `since`. */
  async receiveSync(r: SyncResponse): Promise<void> {
    const fallback = r.device_unused_fallback_key_types ?? r['org.matrix.msc2732.device_unused_fallback_key_types'];
    const counts = new Map(Object.entries(r.device_one_time_keys_count ?? {}));
    const lists = new rc.DeviceLists(
      (r.device_lists?.changed ?? []).map((u) => new rc.UserId(u)),
      (r.device_lists?.left ?? []).map((u) => new rc.UserId(u)),
    );
    await this.serial(async () => {
      const processed = await this.machine.receiveSyncChanges(JSON.stringify(r.to_device?.events ?? []), lists, counts, fallback ? new Set(fallback) : undefined);
      const failed = processed.filter((p) => p.type === rc.ProcessedToDeviceEventType.UnableToDecrypt).length;
      if (failed > 0) this.o.log.warn({ failed }, 'could not decrypt some to-device messages (room keys from a device the bot has no session with)');
      await this.flush();
    });
  }

  async decrypt(roomId: string, raw: Readonly<Record<string, unknown>>): Promise<Decrypted> {
    try {
      const d = await this.serial(() => this.machine.decryptRoomEvent(JSON.stringify(raw), new rc.RoomId(roomId), new rc.DecryptionSettings(rc.TrustRequirement.Untrusted)));
      const event = JSON.parse(d.event) as { type?: unknown; content?: unknown };
      if (typeof event.type !== 'string' || typeof event.content !== 'object' || event.content === null) return { ok: false, code: 'other', reason: 'the decrypted message has no type or content' };
      return { ok: true, type: event.type, content: event.content as Record<string, unknown> };
    } catch (e) {
      return this.failure(e);
    }
  }

  /** The content of an `m.room.encrypted` event carrying `type`/`content`, with the room key shared to every device of `members` first. */
  encrypt(roomId: string, members: readonly string[], type: string, content: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    return this.serial(async () => {
      // Each call takes its arguments' ownership on the wasm side: a fresh list of ids for each.
      const users = (): rc.UserId[] => members.map((u) => new rc.UserId(u));
      await this.machine.updateTrackedUsers(users());
      await this.flush(); // device keys of newly tracked members
      const claim = await this.machine.getMissingSessions(users());
      if (claim) await this.send(claim);
      const settings = new rc.EncryptionSettings();
      settings.sharingStrategy = rc.CollectStrategy.allDevices();
      for (const r of await this.machine.shareRoomKey(new rc.RoomId(roomId), users(), settings)) await this.send(r);
      return JSON.parse(await this.machine.encryptRoomEvent(new rc.RoomId(roomId), type, JSON.stringify(content))) as Record<string, unknown>;
    });
  }

  /** After every call in flight (closing takes the machine from under a running call otherwise). */
  close(): Promise<void> {
    return this.serial(() => {
      try {
        this.machine.close();
      } catch (e) {
        // The wasm side may still hold a borrow from a task of its own; the machine is then freed with its wrapper.
        this.o.log.debug({ err: e }, 'the crypto machine could not be closed now; left to the garbage collector');
      }
      return Promise.resolve();
    });
  }

  private failure(e: unknown): Decrypted {
    if (e instanceof rc.MegolmDecryptionError) {
      if (e.code === rc.DecryptionErrorCode.MissingRoomKey) return { ok: false, code: 'missing-key', reason: `your device did not send its message key to my device (${this.o.deviceId}). Your client may be set to send keys only to verified devices, or the key is still on its way: please send the message again.` };
      if (e.code === rc.DecryptionErrorCode.UnknownMessageIndex) return { ok: false, code: 'missing-key', reason: `my device (${this.o.deviceId}) received the key for later messages only. Please send the message again.` };
      return { ok: false, code: 'other', reason: `decryption failed (${e.description}).` };
    }
    return { ok: false, code: 'other', reason: `decryption failed (${e instanceof Error ? e.message : String(e)}).` };
  }

  /** Sends everything the machine has queued (keys upload, queries, to-device), a few rounds: an answer can queue more. */
  private async flush(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      const requests = await this.machine.outgoingRequests();
      if (requests.length === 0) return;
      for (const r of requests) await this.send(r);
    }
  }

  private async send(r: OutgoingRequest): Promise<void> {
    let response: string;
    try {
      response = await this.request(r);
    } catch (e) {
      // Left unmarked, the machine offers the request again at the next flush.
      if (r instanceof rc.KeysUploadRequest && e instanceof MatrixRequestError && e.status === 400) {
        this.o.log.error({ err: e, deviceId: this.o.deviceId, store: this.o.db.path }, "the homeserver refuses this device's keys: it already has other keys for it (was the crypto store lost or replaced?). Reset it as README \"Matrix end-to-end encryption\" says");
      } else this.o.log.warn({ err: e, request: rc.RequestType[r.type] }, 'an end-to-end encryption request failed; retried later');
      return;
    }
    if (r.id) await this.machine.markRequestAsSent(r.id, r.type, response);
  }

  private request(r: OutgoingRequest): Promise<string> {
    const h = this.o.http;
    if (r instanceof rc.KeysUploadRequest) return h.cryptoRequest('keys upload', 'POST', '/keys/upload', r.body);
    if (r instanceof rc.KeysQueryRequest) return h.cryptoRequest('keys query', 'POST', '/keys/query', r.body);
    if (r instanceof rc.KeysClaimRequest) return h.cryptoRequest('keys claim', 'POST', '/keys/claim', r.body);
    if (r instanceof rc.SignatureUploadRequest) return h.cryptoRequest('signatures upload', 'POST', '/keys/signatures/upload', r.body);
    if (r instanceof rc.ToDeviceRequest) return h.cryptoRequest('to-device', 'PUT', `/sendToDevice/${encodeURIComponent(r.event_type)}/${encodeURIComponent(r.txn_id)}`, r.body);
    if (r instanceof rc.RoomMessageRequest) return h.cryptoRequest('room message', 'PUT', `/rooms/${encodeURIComponent(r.room_id)}/send/${encodeURIComponent(r.event_type)}/${encodeURIComponent(r.txn_id)}`, r.body);
    if (r instanceof rc.KeysBackupRequest) return h.cryptoRequest('keys backup', 'PUT', '/room_keys/keys', r.body, { version: r.version });
    return Promise.resolve('{}');
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.chain.then(f);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
