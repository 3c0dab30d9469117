import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type messages from '../../messages/en.json';

/** Every message key of the requests namespace (its leaves), checked against en.json. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type RequestKey = Leaves<(typeof messages)['requests']>;

type Values = Record<string, string | number | Date | ((chunks: ReactNode) => ReactNode)>;
export interface RequestText {
  (key: RequestKey, values?: Values): string;
  rich(key: RequestKey, values?: Values): ReactNode;
}
type Loose = {
  (key: string, values?: Values): string;
  rich(key: string, values?: Values): ReactNode;
};

/**
 * The consent board's and request pages' messages (namespace `requests`), with their keys
 * checked against this namespace alone: next-intl's own key type spans every catalogue key,
 * and at the catalogues' size TypeScript 7's parallel checker sometimes gave up on it,
 * failing `next build` at random on correct keys.
 */
export function requestText(translator: unknown): RequestText {
  const t = translator as Loose;
  const text = ((key: RequestKey, values?: Values) => t(`requests.${key}`, values)) as RequestText;
  text.rich = (key, values) => t.rich(`requests.${key}`, values);
  return text;
}

/** In a client component, or a server component that is not async. */
export function useRequestText(): RequestText {
  return requestText(useTranslations());
}
