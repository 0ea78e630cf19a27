import type { enMotions } from './catalogue.en.motions.js';

/** Spanish: every id of `catalogue.en.motions.ts` (a missing one is a type error). */
export const esMotions = {
  'helpReply.list.title': 'Órdenes de Plenary',
  'helpReply.list.more': 'Escribe `help <orden>` para ver los detalles.',
  'helpReply.unknown.title': 'No hay ninguna orden «{command}»',
  'helpReply.unknown.body': 'Escribe `help` para ver la lista.',
  'helpReply.arg': '{name}: {description}{hasChoices, select, yes { ({choices})} other {}}{required, select, yes { — obligatorio} other {}}',
  'helpReply.examples': 'Ejemplos:\n{examples}',

  'grammar.quoteOpen': 'Unas comillas ({quote}) no están cerradas.',
  'grammar.empty': 'Escribe una orden, o `help`.',
  'grammar.unknown': '«{typed}» no es una orden. {hasNear, select, yes {¿Quisiste decir: {near}?} other {Escribe `help` para ver la lista.}}',
  'grammar.noOption': '{command} no tiene la opción --{option}.{hasNear, select, yes { ¿Quisiste decir: {near}?} other {}}\nUso: `{usage}`',
  'grammar.needsValue': '--{option} necesita un valor ({description}).\nUso: `{usage}`',
  'grammar.twice': '--{option} aparece dos veces.',
  'grammar.unexpected': 'Palabras de más: {words}. Pon entre comillas el texto con espacios.\nUso: `{usage}`',
} satisfies { readonly [K in keyof typeof enMotions]: string };
