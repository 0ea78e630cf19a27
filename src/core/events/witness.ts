import type { ChainHead } from './record-check.js';

/**
 * A chain head someone saw posted: in a result announcement or checkpoint,
 * copied from chat, or read back by the bot from a room's history. Members'
 * chat history is held by the platform, not the operator's database, so a
 * head seen there pins the chain up to that event.
 */
export interface WitnessedHead {
  /** The assembly's name as posted (absent: whichever assembly is being checked). */
  readonly assembly?: string | undefined;
  readonly seq: number;
  /** The event's hash in full or a prefix of at least 8 hex digits, lower case. */
  readonly hash: string;
  /** Where it was seen (a message id, a line of a file), for the report. */
  readonly source?: string | undefined;
}

/** Hex digits shown in chat: 48 bits, far beyond what a forger can grind by retrying timestamps. */
export const SHORT_HASH = 12;

/** The head line as members read it in chat (and as `parseHeadLine` reads it back). */
export function formatHead(assemblyName: string, head: ChainHead): string {
  return `${assemblyName} record #${head.seq} · ${head.hash.slice(0, SHORT_HASH)}`;
}

const HEAD_LINE = /^\s*(?:[*_>`\\]+\s*)*(.+?)\s+record\s+#(\d{1,10})\s+·\s+([0-9a-fA-F]{8,64})\b/;

/**
 * One head from a line of text: a chat line (`Garden record #12 · 9f3a1c2b7d4e`,
 * as posted) or a JSON line (`{"assembly":"Garden","seq":12,"hash":"9f3a…"}`).
 * Anything else is null, so a whole pasted chat log can be read.
 */
export function parseHeadLine(line: string, source?: string): WitnessedHead | null {
  const t = line.trim();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t) as Record<string, unknown>;
      if (typeof j.seq !== 'number' || !Number.isSafeInteger(j.seq) || j.seq < 0 || typeof j.hash !== 'string' || !/^[0-9a-fA-F]{8,64}$/.test(j.hash)) return null;
      return { ...(typeof j.assembly === 'string' ? { assembly: j.assembly } : {}), seq: j.seq, hash: j.hash.toLowerCase(), ...(source ? { source } : {}) };
    } catch {
      return null;
    }
  }
  const m = HEAD_LINE.exec(t);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { assembly: m[1].replace(/\\(.)/g, '$1'), seq: Number(m[2]), hash: m[3].toLowerCase(), ...(source ? { source } : {}) };
}

/** Every head in a text (a witness file, a pasted log), line by line. */
export function parseHeads(text: string, sourceName = 'line'): WitnessedHead[] {
  return text.split(/\r?\n/).flatMap((l, i) => {
    const h = parseHeadLine(l, `${sourceName} ${i + 1}`);
    return h ? [h] : [];
  });
}

export interface WitnessReport {
  /** Witnessed heads of this assembly that were compared. */
  readonly checked: number;
  readonly agreed: number;
  /** The lowest witnessed sequence where the stored chain differs, if any. */
  readonly firstDifference: { readonly seq: number; readonly problem: string; readonly source?: string | undefined } | null;
  /** The highest witnessed sequence below the first difference that still agrees (the chain is pinned up to there). */
  readonly lastAgreement: number | null;
}

/** The witnessed heads that name this assembly (or name none). */
export function headsFor(assemblyName: string, heads: readonly WitnessedHead[]): WitnessedHead[] {
  const name = assemblyName.toLowerCase();
  return heads.filter((h) => h.assembly === undefined || h.assembly.toLowerCase() === name);
}

/**
 * Compares witnessed heads with the stored chain (`hashAt(seq)`: the stored
 * event's hash, undefined past the end). A rewrite from any point, however
 * consistent in itself, changes every later hash, so the first witnessed
 * head after the rewrite point disagrees.
 */
export function checkWitnesses(heads: readonly WitnessedHead[], hashAt: (seq: number) => string | undefined, end: number): WitnessReport {
  const sorted = [...heads].sort((a, b) => a.seq - b.seq);
  let agreed = 0;
  let lastAgreement: number | null = null;
  let firstDifference: WitnessReport['firstDifference'] = null;
  for (const h of sorted) {
    const stored = hashAt(h.seq);
    if (stored !== undefined && stored.startsWith(h.hash)) {
      agreed++;
      if (!firstDifference) lastAgreement = h.seq;
      continue;
    }
    if (firstDifference) continue;
    firstDifference = {
      seq: h.seq,
      problem: stored === undefined ? `event #${h.seq} was witnessed (${h.hash}) but the stored chain ends at #${end}` : `event #${h.seq} was witnessed as ${h.hash} but is stored as ${stored.slice(0, Math.max(SHORT_HASH, h.hash.length))}`,
      source: h.source,
    };
  }
  return { checked: sorted.length, agreed, firstDifference, lastAgreement };
}
