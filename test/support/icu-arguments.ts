import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

export interface IcuArgument {
  /** plural, select, number, date, time, or plain (`{x}`); a plural count also shown plainly is a plural. */
  readonly kind: string;
  /** A select's or plural's keys. */
  readonly keys: readonly string[];
}

const KIND: Partial<Record<TYPE, string>> = { [TYPE.argument]: 'plain', [TYPE.number]: 'number', [TYPE.date]: 'date', [TYPE.time]: 'time', [TYPE.select]: 'select', [TYPE.plural]: 'plural' };

/** Every argument of an ICU message, nested ones too (throws when the text does not parse). */
export function icuArguments(text: string): Map<string, IcuArgument> {
  const found = new Map<string, IcuArgument>();
  const walk = (elements: readonly MessageFormatElement[]): void => {
    for (const e of elements) {
      const kind = KIND[e.type];
      if (kind !== undefined && 'value' in e && typeof e.value === 'string') {
        const prior = found.get(e.value);
        if (!prior || prior.kind === 'plain') found.set(e.value, { kind, keys: 'options' in e ? Object.keys(e.options) : [] });
      }
      if ('options' in e) for (const o of Object.values(e.options)) walk(o.value);
    }
  };
  walk(parse(text, { ignoreTag: true }));
  return found;
}
