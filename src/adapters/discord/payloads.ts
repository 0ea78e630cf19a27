import { createHash } from 'node:crypto';
import { MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions, type InteractionUpdateOptions, type RawFile, type RESTPatchAPIChannelMessageJSONBody, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { DISCORD_LIMITS } from './limits.js';
import { NO_MENTIONS, type RenderedMessage } from './render-message.js';

/**
 * Turns an idempotency key (any length) into a Discord nonce (at most 25
 * characters). With `enforce_nonce`, Discord returns the first message
 * instead of posting a second one when the same send is retried.
 */
export function nonceFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, DISCORD_LIMITS.nonce);
}

/** Body of POST /channels/{id}/messages. */
export function postBody(r: RenderedMessage, idempotencyKey: string): { body: RESTPostAPIChannelMessageJSONBody; files: RawFile[] } {
  return {
    body: {
      embeds: r.embeds,
      components: r.components,
      allowed_mentions: NO_MENTIONS,
      nonce: nonceFor(idempotencyKey),
      enforce_nonce: true,
      ...(r.files.length > 0 ? { attachments: r.files.map((f, i) => ({ id: i, filename: f.name })) } : {}),
    },
    files: r.files.map((f) => ({ name: f.name, data: f.data })),
  };
}

/** Body of PATCH /channels/{id}/messages/{id}: only what is given changes. */
export function patchBody(part: Pick<RESTPatchAPIChannelMessageJSONBody, 'embeds' | 'components'>): RESTPatchAPIChannelMessageJSONBody {
  return { ...part, allowed_mentions: NO_MENTIONS };
}

const files = (r: RenderedMessage) => r.files.map((f) => ({ attachment: f.data, name: f.name }));

export function replyOptions(r: RenderedMessage): InteractionReplyOptions {
  return { embeds: r.embeds, components: r.components, files: files(r), allowedMentions: NO_MENTIONS, ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

export function editOptions(r: RenderedMessage): InteractionEditReplyOptions {
  return { embeds: r.embeds, components: r.components, files: files(r), allowedMentions: NO_MENTIONS };
}

export function updateOptions(r: RenderedMessage): InteractionUpdateOptions {
  return { embeds: r.embeds, components: r.components, files: files(r), allowedMentions: NO_MENTIONS };
}
