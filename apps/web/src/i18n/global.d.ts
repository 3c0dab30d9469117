import type { TLocale } from '@access/contracts';

// Locales are typed; message keys are not (typing them against en.json made every build in
// this shared tree fail while anyone had a key in code before its catalogue entry).
// tests/web/catalogues.test.ts checks that the five catalogues agree.
declare module 'next-intl' {
  interface AppConfig {
    Locale: TLocale;
  }
}
