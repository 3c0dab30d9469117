import Link from 'next/link';
import { useRequestText } from '@/lib/request-text';
import type { TConsentBoardItem } from '@access/contracts';
import { formatDate } from '@/lib/format';
import { requestHref } from '@/lib/request-filters';
import { StanceBadge } from './stance-badge';
import styles from './requests.module.css';

/**
 * Who waits on whom: one row per pending request and party that has not answered, the
 * longest wait first (as the API orders it), the days as a number and a bar of the same
 * length scale, so the worst waits stand out without colour.
 */
export function ConsentBoardTable({
  items,
  locale,
  view,
  mayRecord,
}: {
  items: TConsentBoardItem[];
  locale: string;
  view: { asOf?: string; knownAt?: string };
  /** whether the reader may record an answer on a request led by this organisation */
  mayRecord: (organizationId: string) => boolean;
}) {
  const t = useRequestText();
  const longest = Math.max(1, ...items.map((item) => item.daysWaited ?? 0));
  return (
    <div className="table-scroll panel cards-on-phone">
      <table data-testid="consent-board">
        <caption className="visually-hidden">{t('board.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('board.party')}</th>
            <th scope="col">{t('board.days')}</th>
            <th scope="col">{t('board.since')}</th>
            <th scope="col">{t('board.request')}</th>
            <th scope="col">{t('board.organization')}</th>
            <th scope="col">{t('board.stance')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('board.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={`${item.requestId}/${item.party.id}`}
              data-request-id={item.requestId}
              data-party-id={item.party.id}
            >
              <th scope="row" data-label={t('board.party')}>
                {item.party.name}
              </th>
              <td data-label={t('board.days')}>
                {item.daysWaited === null ? (
                  <span className="muted">{t('board.notAsked')}</span>
                ) : (
                  <>
                    <span className={styles.days}>
                      {t('board.daysValue', { days: item.daysWaited })}
                    </span>
                    <span
                      className={styles.waitBar}
                      aria-hidden="true"
                      style={{ width: `${Math.max(2, (item.daysWaited / longest) * 100)}%` }}
                    />
                  </>
                )}
              </td>
              <td data-label={t('board.since')}>
                {item.waitingSince ? (
                  <time dateTime={item.waitingSince}>{formatDate(item.waitingSince, locale)}</time>
                ) : (
                  '—'
                )}
              </td>
              <td data-label={t('board.request')}>
                <Link href={requestHref(item.requestId, view)}>
                  {t('requestTitle', { kind: t(`kind.${item.kind}`), area: item.area.name })}
                </Link>
                <div className="meta-line">
                  {t.rich('board.requestedOn', {
                    date: formatDate(item.requestedOn, locale),
                    time: (chunks) => <time dateTime={item.requestedOn}>{chunks}</time>,
                  })}
                </div>
              </td>
              <td data-label={t('board.organization')}>
                {item.organization.acronym ?? item.organization.name}
              </td>
              <td data-label={t('board.stance')}>
                <StanceBadge stance={item.stance} />
              </td>
              <td className="row-actions">
                {mayRecord(item.organization.id) && (
                  <Link
                    href={`/requests/${item.requestId}/answer?partyId=${item.party.id}`}
                    aria-label={t('board.recordFor', {
                      party: item.party.name,
                      request: t('requestTitle', {
                        kind: t(`kind.${item.kind}`),
                        area: item.area.name,
                      }),
                    })}
                  >
                    {t('board.recordAnswer')}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
