import { ACCESS_STATUS_LABELS, type TAccessStatusCode } from '@access/contracts';

/**
 * The few strings notifications write (titles, e-mails), in the dashboard's five
 * languages. The dashboard's own catalogues live in apps/web/messages; these go out by
 * e-mail and in the API's titles, where the dashboard's catalogues are not at hand.
 */
export const NOTIFICATION_LOCALES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];

interface Catalogue {
  recorded: string;
  corrected: string;
  validated: string;
  returned: string;
  incidentRecorded: string;
  incidentCorrected: string;
  incidentValidated: string;
  incidentReturned: string;
  consentAnswered: string;
  requestRecorded: string;
  requestCorrected: string;
  requestValidated: string;
  requestReturned: string;
  deteriorated: string;
  in: string;
  /** between the parts of a title ("an organisation in an area, a status") */
  comma: string;
  /** the statuses' names, as the dashboard's catalogues have them (codes.status; a test holds them equal) */
  statuses: Record<TAccessStatusCode, string>;
  subjectOne: string;
  subjectDigest: (count: number) => string;
  intro: string;
  digestIntro: string;
  open: string;
  unsubscribe: string;
  why: string;
  /** the e-mail telling an endpoint's owner it was paused (webhooks/tell-owner-of-pause.ts) */
  webhookPausedSubject: (url: string) => string;
  webhookPaused: (url: string, when: string) => string;
  webhookHeld: string;
  webhookResume: string;
  webhookLog: string;
}

const en: Catalogue = {
  recorded: 'Access status recorded',
  corrected: 'Access status corrected',
  validated: 'Access status validated',
  returned: 'Your entry was returned',
  incidentRecorded: 'Incident recorded',
  incidentCorrected: 'Incident corrected',
  incidentValidated: 'Incident validated',
  incidentReturned: 'Your incident entry was returned',
  consentAnswered: 'A party answered a request',
  requestRecorded: 'Access request recorded',
  requestCorrected: 'Access request corrected',
  requestValidated: 'Access request validated',
  requestReturned: 'Your access request entry was returned',
  deteriorated: 'deteriorated',
  in: 'in',
  comma: ', ',
  statuses: ACCESS_STATUS_LABELS,
  subjectOne: 'Access monitoring',
  subjectDigest: (count) => `Access monitoring: ${count} change${count === 1 ? '' : 's'} today`,
  intro: 'A change you follow:',
  digestIntro: 'Changes you follow since your last digest:',
  open: 'Open',
  unsubscribe: 'Stop these e-mails',
  why: 'You receive this because you follow these records or entered them.',
  webhookPausedSubject: (url) => `Webhook paused: ${url}`,
  webhookPaused: (url, when) =>
    `Your webhook endpoint ${url} was paused on ${when}: its deliveries kept failing.`,
  webhookHeld: 'Its deliveries are held, not lost.',
  webhookResume: 'Once your receiver answers again, resume it; what was held is then sent:',
  webhookLog: 'Its delivery log (last status, error, latency):',
};

const fr: Catalogue = {
  recorded: "Statut d'accès enregistré",
  corrected: "Statut d'accès corrigé",
  validated: "Statut d'accès validé",
  returned: 'Votre saisie a été renvoyée',
  incidentRecorded: 'Incident enregistré',
  incidentCorrected: 'Incident corrigé',
  incidentValidated: 'Incident validé',
  incidentReturned: "Votre saisie d'incident a été renvoyée",
  consentAnswered: 'Une partie a répondu à une demande',
  requestRecorded: "Demande d'accès enregistrée",
  requestCorrected: "Demande d'accès corrigée",
  requestValidated: "Demande d'accès validée",
  requestReturned: "Votre saisie de demande d'accès a été renvoyée",
  deteriorated: 'dégradé',
  in: 'à',
  comma: ', ',
  statuses: {
    FULL: 'Accès complet',
    CONSTRAINED: 'Restreint',
    PENDING: 'En attente',
    DENIED: 'Refusé',
    SUSPENDED: 'Suspendu',
    UNKNOWN: 'Inconnu',
  },
  subjectOne: "Suivi de l'accès",
  subjectDigest: (count) =>
    `Suivi de l'accès : ${count} changement${count === 1 ? '' : 's'} aujourd'hui`,
  intro: 'Un changement que vous suivez :',
  digestIntro: 'Les changements que vous suivez depuis votre dernier résumé :',
  open: 'Ouvrir',
  unsubscribe: 'Ne plus recevoir ces e-mails',
  why: 'Vous recevez ce message parce que vous suivez ces données ou les avez saisies.',
  webhookPausedSubject: (url) => `Webhook suspendu : ${url}`,
  webhookPaused: (url, when) =>
    `Votre point de réception webhook ${url} a été suspendu le ${when} : ses envois échouaient sans cesse.`,
  webhookHeld: 'Ses envois sont mis en attente, pas perdus.',
  webhookResume:
    'Dès que votre récepteur répond de nouveau, réactivez-le ; les envois en attente partent alors :',
  webhookLog: 'Son journal des envois (dernier statut, erreur, latence) :',
};

const es: Catalogue = {
  recorded: 'Estado de acceso registrado',
  corrected: 'Estado de acceso corregido',
  validated: 'Estado de acceso validado',
  returned: 'Su entrada fue devuelta',
  incidentRecorded: 'Incidente registrado',
  incidentCorrected: 'Incidente corregido',
  incidentValidated: 'Incidente validado',
  incidentReturned: 'Su entrada de incidente fue devuelta',
  consentAnswered: 'Una parte respondió a una solicitud',
  requestRecorded: 'Solicitud de acceso registrada',
  requestCorrected: 'Solicitud de acceso corregida',
  requestValidated: 'Solicitud de acceso validada',
  requestReturned: 'Su entrada de solicitud de acceso fue devuelta',
  deteriorated: 'empeoró',
  in: 'en',
  comma: ', ',
  statuses: {
    FULL: 'Acceso pleno',
    CONSTRAINED: 'Restringido',
    PENDING: 'Pendiente',
    DENIED: 'Denegado',
    SUSPENDED: 'Suspendido',
    UNKNOWN: 'Desconocido',
  },
  subjectOne: 'Seguimiento del acceso',
  subjectDigest: (count) => `Seguimiento del acceso: ${count} cambio${count === 1 ? '' : 's'} hoy`,
  intro: 'Un cambio que usted sigue:',
  digestIntro: 'Los cambios que sigue desde su último resumen:',
  open: 'Abrir',
  unsubscribe: 'Dejar de recibir estos correos',
  why: 'Recibe este mensaje porque sigue estos registros o los introdujo.',
  webhookPausedSubject: (url) => `Webhook en pausa: ${url}`,
  webhookPaused: (url, when) =>
    `Su punto de recepción de webhooks ${url} se puso en pausa el ${when}: sus envíos seguían fallando.`,
  webhookHeld: 'Sus envíos quedan retenidos, no perdidos.',
  webhookResume:
    'Cuando su receptor vuelva a responder, reactívelo; lo retenido se enviará entonces:',
  webhookLog: 'Su registro de envíos (último estado, error, latencia):',
};

const ru: Catalogue = {
  recorded: 'Статус доступа записан',
  corrected: 'Статус доступа исправлен',
  validated: 'Статус доступа утверждён',
  returned: 'Ваша запись возвращена',
  incidentRecorded: 'Инцидент записан',
  incidentCorrected: 'Инцидент исправлен',
  incidentValidated: 'Инцидент утверждён',
  incidentReturned: 'Ваша запись об инциденте возвращена',
  consentAnswered: 'Сторона ответила на запрос',
  requestRecorded: 'Запрос на доступ записан',
  requestCorrected: 'Запрос на доступ исправлен',
  requestValidated: 'Запрос на доступ утверждён',
  requestReturned: 'Ваша запись о запросе на доступ возвращена',
  deteriorated: 'ухудшение',
  in: '—',
  comma: ', ',
  statuses: {
    FULL: 'Полный доступ',
    CONSTRAINED: 'Ограничен',
    PENDING: 'На рассмотрении',
    DENIED: 'Отказано',
    SUSPENDED: 'Приостановлен',
    UNKNOWN: 'Неизвестно',
  },
  subjectOne: 'Мониторинг доступа',
  subjectDigest: (count) => `Мониторинг доступа: изменений за день — ${count}`,
  intro: 'Изменение, на которое вы подписаны:',
  digestIntro: 'Изменения, на которые вы подписаны, с последней сводки:',
  open: 'Открыть',
  unsubscribe: 'Отписаться от этих писем',
  why: 'Вы получили это письмо, потому что подписаны на эти записи или внесли их.',
  webhookPausedSubject: (url) => `Вебхук приостановлен: ${url}`,
  webhookPaused: (url, when) =>
    `Ваша точка приёма вебхуков ${url} приостановлена ${when}: доставки на неё постоянно не проходили.`,
  webhookHeld: 'Доставки задержаны, а не потеряны.',
  webhookResume:
    'Когда ваш приёмник снова начнёт отвечать, возобновите её, и задержанное будет отправлено:',
  webhookLog: 'Журнал доставок (последний статус, ошибка, задержка):',
};

const ar: Catalogue = {
  recorded: 'تم تسجيل حالة الوصول',
  corrected: 'تم تصحيح حالة الوصول',
  validated: 'تم اعتماد حالة الوصول',
  returned: 'أُعيد إدخالك',
  incidentRecorded: 'تم تسجيل حادث',
  incidentCorrected: 'تم تصحيح حادث',
  incidentValidated: 'تم اعتماد حادث',
  incidentReturned: 'أُعيد إدخالك الخاص بالحادث',
  consentAnswered: 'ردّ طرف على طلب',
  requestRecorded: 'تم تسجيل طلب وصول',
  requestCorrected: 'تم تصحيح طلب وصول',
  requestValidated: 'تم اعتماد طلب وصول',
  requestReturned: 'أُعيد إدخالك الخاص بطلب الوصول',
  deteriorated: 'تدهور',
  in: 'في',
  comma: '، ',
  statuses: {
    FULL: 'وصول كامل',
    CONSTRAINED: 'مقيّد',
    PENDING: 'قيد الانتظار',
    DENIED: 'مرفوض',
    SUSPENDED: 'معلّق',
    UNKNOWN: 'غير معروف',
  },
  subjectOne: 'رصد الوصول',
  subjectDigest: (count) => `رصد الوصول: ${count} من التغييرات اليوم`,
  intro: 'تغيير تتابعه:',
  digestIntro: 'التغييرات التي تتابعها منذ آخر ملخص:',
  open: 'فتح',
  unsubscribe: 'إيقاف هذه الرسائل',
  why: 'تتلقى هذه الرسالة لأنك تتابع هذه السجلات أو أدخلتها.',
  webhookPausedSubject: (url) => `أُوقف خطاف الويب مؤقتًا: ${url}`,
  webhookPaused: (url, when) =>
    `أُوقفت نقطة استقبال خطاف الويب ${url} مؤقتًا في ${when}: إذ ظلّت عمليات التسليم إليها تفشل.`,
  webhookHeld: 'عمليات التسليم محتجزة وليست مفقودة.',
  webhookResume: 'عندما يستجيب المستقبِل مجددًا، استأنفها، فتُرسَل عندئذٍ العمليات المحتجزة:',
  webhookLog: 'سجل عمليات التسليم (آخر حالة، الخطأ، زمن الاستجابة):',
};

const CATALOGUES: Record<NotificationLocale, Catalogue> = { en, fr, es, ru, ar };

/** The catalogue of `locale` (a tag like "fr-CA" reads as "fr"), English when it has none. */
export function notificationMessages(locale: string | null | undefined): Catalogue & {
  locale: NotificationLocale;
} {
  const language = (locale ?? 'en').slice(0, 2).toLowerCase();
  const chosen = (NOTIFICATION_LOCALES as readonly string[]).includes(language)
    ? (language as NotificationLocale)
    : 'en';
  return { ...CATALOGUES[chosen], locale: chosen };
}

const TYPE_KEYS: Record<string, keyof Catalogue> = {
  'access_status.recorded': 'recorded',
  'access_status.corrected': 'corrected',
  'access_status.validated': 'validated',
  'access_status.returned': 'returned',
  'incident.recorded': 'incidentRecorded',
  'incident.corrected': 'incidentCorrected',
  'incident.validated': 'incidentValidated',
  'incident.returned': 'incidentReturned',
  'request.consent_answered': 'consentAnswered',
  'request.recorded': 'requestRecorded',
  'request.corrected': 'requestCorrected',
  'request.validated': 'requestValidated',
  'request.returned': 'requestReturned',
};

/** "Access status recorded: ICRC in Lachin corridor, DENIED (deteriorated)", in the catalogue's language. */
export function notificationTitle(
  messages: Catalogue,
  view: {
    type: string;
    organizationName: string | null;
    areaName: string | null;
    status: string | null;
    category: number | null;
    deteriorated: boolean;
  },
): string {
  const label = (messages[TYPE_KEYS[view.type] ?? 'recorded'] as string) ?? view.type;
  const where = [view.organizationName, view.areaName].filter(Boolean).join(` ${messages.in} `);
  const status = view.status as TAccessStatusCode | null;
  const what = status
    ? (messages.statuses[status] ?? status)
    : view.category !== null
      ? `#${view.category}`
      : null;
  return `${label}: ${[where, what].filter(Boolean).join(messages.comma)}${view.deteriorated ? ` (${messages.deteriorated})` : ''}`;
}
