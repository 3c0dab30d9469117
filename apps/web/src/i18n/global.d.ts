import type { TLocale } from '@access/contracts';
import type messages from '../../messages/en.json';

// Keys are checked when the code is typechecked: a key missing from en.json fails the build
// (tests/web/catalogues.test.ts checks the other four catalogues against en.json).
declare module 'next-intl' {
  interface AppConfig {
    Locale: TLocale;
    Messages: typeof messages;
  }
}
