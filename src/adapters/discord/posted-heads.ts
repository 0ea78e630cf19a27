import { Routes, type APIMessage, type APIUser, type REST } from 'discord.js';
import { parseHeads, type WitnessedHead } from '../../core/events/witness.js';

const PAGE = 100;

/**
 * The chain heads the bot posted in a channel, read back from Discord: the
 * bot's own messages only (by author id), and only their embed footers —
 * the one part of an embed no member's text reaches, so a motion title that
 * imitates a head line is never taken for one.
 */
export async function discordHeadsPosted(rest: REST, channelId: string, limit: number, me: () => Promise<string>): Promise<WitnessedHead[]> {
  const self = await me();
  const heads: WitnessedHead[] = [];
  let before: string | undefined;
  for (let seen = 0; seen < limit; ) {
    const query = new URLSearchParams({ limit: String(Math.min(PAGE, limit - seen)), ...(before ? { before } : {}) });
    const page = (await rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    if (page.length === 0) break;
    for (const m of page) {
      if (m.author.id !== self) continue;
      for (const e of m.embeds) if (e.footer?.text) heads.push(...parseHeads(e.footer.text, `discord message ${m.id}`));
    }
    seen += page.length;
    before = page.at(-1)?.id;
    if (page.length < PAGE) break;
  }
  return heads;
}

/** The bot's own user id, asked once. */
export function selfId(rest: REST): () => Promise<string> {
  let id: Promise<string> | null = null;
  return () => (id ??= (rest.get(Routes.user()) as Promise<APIUser>).then((u) => u.id));
}
