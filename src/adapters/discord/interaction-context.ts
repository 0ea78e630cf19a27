import { randomUUID } from 'node:crypto';
import type { BaseInteraction } from 'discord.js';
import { ENGLISH, platformLanguage, speechFor, type Speech } from '../../core/i18n/index.js';
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

/** The words of the member's Discord client (the interaction's locale): nothing is read first, so a form or a first answer is never late. */
export function localeSpeech(i: { readonly locale: string }): Speech {
  const language = platformLanguage(i.locale);
  return language ? speechFor(language) : ENGLISH;
}

export function internalError(requestId: string, t: Speech): OutMessage {
  return personal(t.t('adapter.internalError.title'), t.t('adapter.internalError.body', { id: requestId }), { tone: 'error' });
}

export const noRoom = (t: Speech): OutMessage => personal(t.t('adapter.discord.notHere.title'), t.t('adapter.discord.notHere.body'), { tone: 'error' });

export const isError = (m: OutMessage): boolean => m.tone === 'error';
