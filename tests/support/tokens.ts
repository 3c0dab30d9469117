/**
 * Two worlds, for comparing answers across them: ids, times and generated names become
 * tokens in order of first appearance, so answers that differ only by which world wrote
 * them read the same (tests/api/noninterference.property.test.ts, webhooks.test.ts).
 */
export function tokenizer() {
  const tokens = new Map<string, string>();
  const pattern =
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z|(Area|Organisation|Party) \d{6}-[a-z]+/g;
  return (text: string) =>
    text.replace(pattern, (match) => {
      if (!tokens.has(match)) tokens.set(match, `<${tokens.size}>`);
      return tokens.get(match)!;
    });
}
