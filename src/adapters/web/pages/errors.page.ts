import { html, type Html } from '../html.js';
import { page } from '../layout.js';

export type ErrorKind = 'not-found' | 'members-only' | 'off' | 'bad-token' | 'too-long' | 'rate-limited' | 'error';

const TEXT: Record<ErrorKind, { status: 400 | 403 | 404 | 414 | 429 | 500; title: string; body: string }> = {
  'not-found': { status: 404, title: 'Not found', body: 'There is nothing here. The link may be mistyped, or what it named no longer exists.' },
  'members-only': { status: 403, title: 'Members only', body: "This assembly shows its pages to its members only. In the assembly's room, run the web command: the bot replies to you alone with a personal link." },
  off: { status: 403, title: 'Not on the web', body: 'This assembly keeps its pages off the web (its web-visibility is off). Its members see everything in chat.' },
  'bad-token': { status: 403, title: 'This personal link does not work', body: 'The link has expired or was altered. Ask the bot for a new one with the web command in your assembly\'s room.' },
  'too-long': { status: 414, title: 'Request too long', body: 'That address is longer than any page here needs.' },
  'rate-limited': { status: 429, title: 'Too many requests', body: 'Please wait a minute before loading more pages.' },
  error: { status: 500, title: 'Something went wrong', body: 'The page could not be built. It was logged with the reference below.' },
};

/** An error page: a status, a plain explanation and never a stack trace. */
export function errorPage(kind: ErrorKind, reference?: string): { status: 400 | 403 | 404 | 414 | 429 | 500; body: Html } {
  const t = TEXT[kind];
  return { status: t.status, body: page({ title: t.title, kind: 'error-page' }, html`<h1>${t.title}</h1><p>${t.body}</p>${reference ? html`<p class="muted">Reference: <code>${reference}</code></p>` : ''}<p><a href="/">Plenary home</a></p>`) };
}
