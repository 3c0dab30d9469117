import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZEmailMode,
  ZFollow,
  ZFollowCreate,
  ZFollowList,
  ZFollowListQuery,
  ZMarkedRead,
  ZNotificationListQuery,
  ZNotificationPage,
  ZNotificationSettings,
  ZNotificationSettingsUpdate,
  ZUnreadCount,
  ZUnsubscribe,
  ZUuid,
} from '@access/contracts';
import {
  countUnread,
  followTarget,
  getNotificationSettings,
  listFollows,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  requireActor,
  unfollow,
  unsubscribe,
  updateNotificationSettings,
} from '@access/domain';
import { errorResponses } from './errors';

const ZParams = z.object({ id: ZUuid });
const tags = ['notifications'];

/** Follows, the reader's notifications and their e-mail choice (issue 18). */
const routes: FastifyPluginAsyncZod = async (app) => {
  const emailAvailable = () => app.mailer !== null;

  app.get(
    '/follows',
    {
      schema: {
        tags,
        summary: 'Your follows: areas (with their sub-areas), organisations, parties, requests',
        querystring: ZFollowListQuery,
        response: { 200: ZFollowList, ...errorResponses },
      },
    },
    (request) => listFollows(app.db, request.ctx, request.query),
  );
  app.post(
    '/follows',
    {
      schema: {
        tags,
        summary: 'Follow something, or change what you hear of it',
        description:
          'kinds: ANY_CHANGE, DETERIORATION (a status worse than the one before it, in your timeline), NEW_INCIDENT, CONSENT_ANSWERED. Following again replaces the kinds. Your own entries validated or returned are always told to you.',
        body: ZFollowCreate,
        response: { 201: ZFollow, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await followTarget(app.db, request.ctx, request.body)),
  );
  app.delete(
    '/follows/:id',
    {
      schema: {
        tags,
        summary: 'Stop following',
        params: ZParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await unfollow(app.db, request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first, with the unread count',
        description:
          'Only records you may see now are listed and counted: one you can no longer see drops out. Titles are in the language of Accept-Language (en, fr, es, ru, ar; else English).',
        querystring: ZNotificationListQuery,
        response: { 200: ZNotificationPage, ...errorResponses },
      },
    },
    // titles in the reader's language: the dashboard sends the page's as Accept-Language
    (request) =>
      listNotifications(app.db, request.ctx, request.query, request.headers['accept-language']),
  );
  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of your notifications are unread (the bell)',
        response: { 200: ZUnreadCount, ...errorResponses },
      },
    },
    async (request) => ({ unreadCount: await countUnread(app.db, requireActor(request.ctx)) }),
  );
  app.post(
    '/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark all your notifications read',
        response: { 200: ZMarkedRead, ...errorResponses },
      },
    },
    (request) => markAllNotificationsRead(app.db, request.ctx),
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one notification read',
        params: ZParams,
        response: { 200: ZMarkedRead, ...errorResponses },
      },
    },
    (request) => markNotificationRead(app.db, request.ctx, request.params.id),
  );
  app.get(
    '/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Your e-mail choice (off, immediately, daily digest)',
        response: { 200: ZNotificationSettings, ...errorResponses },
      },
    },
    (request) => getNotificationSettings(app.db, request.ctx, emailAvailable()),
  );
  app.put(
    '/notifications/settings',
    {
      schema: {
        tags,
        summary: 'Choose how you are e-mailed',
        body: ZNotificationSettingsUpdate,
        response: { 200: ZNotificationSettings, ...errorResponses },
      },
    },
    (request) => updateNotificationSettings(app.db, request.ctx, request.body, emailAvailable()),
  );
  app.post(
    '/notifications/unsubscribe',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Turn e-mail off from an e-mail's link (no sign-in: the link is signed)",
        body: ZUnsubscribe,
        response: { 200: z.object({ emailMode: ZEmailMode }), ...errorResponses },
      },
    },
    (request) =>
      unsubscribe(app.db, request.ctx, request.body.token, app.config.NOTIFICATION_TOKEN_SECRET),
  );
};
export default routes;
