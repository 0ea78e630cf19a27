import { randomUUID } from 'node:crypto';
import type { BaseInteraction } from 'discord.js';
import { personal, type OutMessage } from '../../core/messages/message.js';
import type { Actor, RoomRef } from '../../core/model/entities.js';

/** Who acts: the Discord account, shown by its server nickname where it has one. */
export function actorOf(i: BaseInteraction): Actor {
  const m = i.member;
  const nick = m ? ('displayName' in m ? m.displayName : (m.nick ?? null)) : null;
  return { platform: 'discord', externalId: i.user.id, displayName: nick ?? i.user.displayName };
}

/** Where: the channel or thread is the room; the guild is its server. */
export function roomOf(i: BaseInteraction): RoomRef | null {
  if (!i.channelId) return null;
  return { platform: 'discord', roomId: i.channelId, serverId: i.guildId ?? undefined };
}

/** One id per interaction, on every log line and in every error a member sees. */
export const newRequestId = (): string => randomUUID().slice(0, 8);

export function internalError(requestId: string): OutMessage {
  return personal('Something went wrong', `Plenary hit an internal error and changed nothing it could not finish. Please tell the person who runs the bot this id: ${requestId}`, { tone: 'error' });
}

export const noRoom = (): OutMessage => personal('Not here', 'Plenary works in server channels and threads.', { tone: 'error' });

export const isError = (m: OutMessage): boolean => m.tone === 'error';
