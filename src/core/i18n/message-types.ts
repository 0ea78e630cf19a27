/**
 * Typed message declarations. English is the source catalogue: each entry is
 * `msg<Params>(text)`, where `Params` names every `{argument}` of the ICU
 * MessageFormat text with its type, so a call that forgets one is a type error
 * (`speech.t('vote.recorded', { number })`). Other languages are plain texts
 * keyed by the same ids; a test holds their arguments to the English ones.
 */
export type ParamValue = string | number | Date;
export type ParamsShape = Readonly<Record<string, ParamValue>>;

/** One message of the source catalogue: its ICU text; `P` exists only for the type checker. */
export interface Message<P extends ParamsShape> {
  readonly text: string;
  /** Never set: carries the parameter types. */
  readonly params?: P;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a message without arguments
export const msg = <P extends ParamsShape = {}>(text: string): Message<P> => ({ text });
