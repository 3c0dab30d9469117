import fp from 'fastify-plugin';
import { HOSTILE_CHARACTER_MESSAGE, hasHostileCharacter as isHostile } from '@access/contracts';
import { AppError } from '@access/domain';

/** The path of the first string in `value` that holds a control character or a lone surrogate, or null. */
function controlCharacterAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return isHostile(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, child] of Object.entries(value)) {
    if (isHostile(key)) return path ? `${path}.${key}` : key;
    const found = controlCharacterAt(child, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Refuses bytes that are not UTF-8 rather than reading them as U+FFFD (the default decoder's way). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** As Node's HTTP parser limits a request's head: no address longer than this is worth parsing. */
const MAX_URL_LENGTH = 16_384;

/**
 * No request reaches a use-case with a NUL byte or another control character in a
 * parameter, a query value or a JSON body: PostgreSQL cannot store NUL in text, and no
 * name, reason or filter needs the others. Nor with a query parameter written with
 * brackets (`state[]=…`, `filter[state]=…`), which no route reads: ignored, it would answer
 * as if the filter had not been asked for. One check for every route, present and future.
 */
export default fp(async (app) => {
  // JSON bodies are decoded strictly: a byte that is not UTF-8 would otherwise be stored as
  // U+FFFD, so the value saved would not be the value sent (query strings and CSV files are
  // refused likewise). Parsing itself stays Fastify's (secure-json-parse, prototype keys refused).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(
        AppError.invalid(
          'body',
          'is not valid UTF-8: save the text as UTF-8 (Unicode) and send it again',
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (!error) return done(null, parsed);
      // Fastify's message for a body that is not JSON says only that; the engine's says where.
      // Others (an empty body, a __proto__ key refused) keep Fastify's own words.
      if ((error as { code?: string }).code !== 'FST_ERR_CTP_INVALID_JSON_BODY')
        return done(error, undefined);
      let message =
        'The body holds a key named __proto__ or constructor.prototype, which is refused';
      try {
        JSON.parse(text);
      } catch (syntax) {
        message = `The body is not valid JSON: ${(syntax as Error).message}`;
      }
      done(Object.assign(new SyntaxError(message), { statusCode: 400 }), undefined);
    });
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw AppError.invalid(
        'query',
        `is too long (${request.url.length.toLocaleString('en')} characters; at most ${MAX_URL_LENGTH.toLocaleString('en')})`,
      );
    }
  });
  app.addHook('preValidation', async (request) => {
    const bracketed = Object.keys((request.query ?? {}) as object).find((key) => key.includes('['));
    if (bracketed !== undefined) {
      const name = bracketed.slice(0, bracketed.indexOf('['));
      throw AppError.invalid(
        `querystring.${bracketed}`,
        `is not a parameter: write a list as ${name}=a,b or repeat ${name}=a&${name}=b`,
      );
    }
    // a route that reads no body says so by declaring none: a body sent to it anyway (other
    // than an empty object) is a mistake, not something to act on while ignoring it
    const { body } = request;
    if (
      request.routeOptions.schema?.body === undefined &&
      body !== undefined &&
      body !== null &&
      !Buffer.isBuffer(body) &&
      (typeof body !== 'object' || Object.keys(body).length > 0)
    ) {
      throw AppError.invalid('body', 'is not read by this route: send the request without one');
    }
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      if (part === 'body' && (value === undefined || Buffer.isBuffer(value))) continue;
      const field = controlCharacterAt(value, '');
      if (field !== null) {
        throw AppError.invalid(field || part, HOSTILE_CHARACTER_MESSAGE);
      }
    }
  });
});
