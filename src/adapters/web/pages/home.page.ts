import { html } from '../html.js';
import { page } from '../layout.js';
import type { PageContext, PageResult } from './context.js';

/** `/`: what this is and how members get in. */
export function homePage(ctx: PageContext): Promise<PageResult> {
  return Promise.resolve(
    page(
      { title: 'Plenary', kind: 'home-page' },
      html`<h1>Plenary</h1>
<p>The assemblies and federations this Plenary serves, their motions, tallies, delegates, proposals and records, read-only.</p>
<p>${ctx.viewer.personId ? 'Your personal link is active: follow the links the bot posts in your rooms.' : "Each assembly decides who sees its pages. Members get a personal link from the bot: run the web command in your assembly's room."}</p>
<p><a href="/record">Verify an assembly's record</a></p>`,
    ),
  );
}
