import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@access/contracts';

const here = path.dirname(fileURLToPath(import.meta.url));
const catalogue = (locale: string): unknown =>
  JSON.parse(readFileSync(path.join(here, '../../apps/web/messages', `${locale}.json`), 'utf8'));

/** Every message of a catalogue by its dotted key (namespace.key). */
function flatten(node: unknown, prefix = '', into = new Map<string, unknown>()) {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, child] of Object.entries(node))
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else into.set(prefix, node);
  return into;
}

/** The arguments and rich-text tags a message uses (a translation must use the same ones). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      argumentsOf(element.children, into);
      continue;
    }
    into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

const english = flatten(catalogue('en'));

describe('the interface catalogues (issue 15)', () => {
  it('has English messages to compare with', () => {
    expect(english.size).toBeGreaterThan(50);
  });

  for (const locale of LOCALES) {
    describe(`${locale}.json`, () => {
      const messages = flatten(catalogue(locale));

      it('has every key English has, and no other', () => {
        const missing = [...english.keys()].filter((key) => !messages.has(key));
        const extra = [...messages.keys()].filter((key) => !english.has(key));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('holds non-empty ICU messages that parse, with the arguments English uses', () => {
        const problems: string[] = [];
        for (const [key, message] of messages) {
          if (typeof message !== 'string' || message.trim() === '') {
            problems.push(`${key}: not a non-empty string`);
            continue;
          }
          let used: Set<string>;
          try {
            used = argumentsOf(parse(message));
          } catch (error) {
            problems.push(`${key}: does not parse (${(error as Error).message})`);
            continue;
          }
          const source = english.get(key);
          if (typeof source !== 'string') continue;
          const expected = argumentsOf(parse(source));
          if ([...used].sort().join() !== [...expected].sort().join()) {
            problems.push(
              `${key}: uses {${[...used].sort()}} where English uses {${[...expected].sort()}}`,
            );
          }
        }
        expect(problems).toEqual([]);
      });
    });
  }
});

describe("the notifications' own catalogue (titles and e-mails, written by the API)", () => {
  it("names the statuses as the dashboard's catalogues do, in every language", async () => {
    const { notificationMessages } = await import('@access/domain');
    for (const locale of LOCALES) {
      const dashboard = (catalogue(locale) as { codes: { status: Record<string, string> } }).codes
        .status;
      expect(notificationMessages(locale).statuses, locale).toEqual(dashboard);
    }
  });
});
