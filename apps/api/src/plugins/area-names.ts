import fp from 'fastify-plugin';
import { localeFromAcceptLanguage } from '@access/contracts';
import { nameAreasInLanguage } from '@access/domain';

/**
 * Answers name areas in the reader's language (Accept-Language, among the interface's
 * languages) where an area has a neutral name in it. One hook for every route, present and
 * future, so no query chooses names on its own; without Accept-Language nothing changes.
 */
export default fp(async function areaNamesPlugin(app) {
  app.addHook('preSerialization', async (request, reply, payload) => {
    const lang = localeFromAcceptLanguage(request.headers['accept-language']);
    if (!lang || reply.statusCode >= 400 || payload === null || typeof payload !== 'object')
      return payload;
    reply.header('vary', 'Accept-Language');
    await nameAreasInLanguage(app.readDb, lang, payload);
    return payload;
  });
});
