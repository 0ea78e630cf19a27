import { createHash } from 'node:crypto';
import { rotationContent } from '../../core/federation-protocol/keys.js';
import type { OutboundEvent, PeerOutbox } from '../../core/ports/federation-link.port.js';
import type { Signer } from '../../core/federation-protocol/signer.port.js';
import type { FederationKeyFile } from './key-file.js';

export interface RotationReport {
  readonly deployment: string;
  readonly previous: Signer;
  readonly next: Signer;
  /** One `org.plenary.deployment_key` state event per link room, queued for the carrier. */
  readonly queued: readonly OutboundEvent[];
}

/**
 * `plenary federation rotate-key`: a new deployment key (the old one kept
 * for the grace period) and its `org.plenary.deployment_key` state, signed
 * over by the old key, queued into every link room this deployment is in.
 * The envelope is signed by the new key when the carrier sends it.
 */
export async function rotateDeploymentKey(file: FederationKeyFile, outbox: PeerOutbox, botUserId: string, now: Date): Promise<RotationReport> {
  const rooms = await outbox.linkRooms();
  const { previous, next, keys } = file.rotate(now);
  const body = rotationContent(keys.deployment, previous, next, botUserId, now);
  if (!body.ok) throw new Error(`key rotation: ${body.error.message}`);
  const queued = await outbox.enqueue(
    rooms.map((roomId) => ({ roomId, type: 'org.plenary.deployment_key', stateKey: keys.deployment, body: body.value, idempotencyKey: `dkey/${next.keyId}/${createHash('sha256').update(roomId).digest('hex').slice(0, 24)}` })),
    now,
  );
  return { deployment: keys.deployment, previous, next, queued };
}
