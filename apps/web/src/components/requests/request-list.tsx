import Link from 'next/link';
import { useRequestText } from '@/lib/request-text';
import type { TAccessRequest } from '@access/contracts';
import { formatDate } from '@/lib/format';
import { requestHref } from '@/lib/request-filters';
import { ReviewBadge } from '@/components/review-badge';
import { StanceBadge, StateBadge } from './stance-badge';
import styles from './requests.module.css';

/** Requests with their derived state and where each needed party stands, latest requested first. */
export function RequestList({
  items,
  locale,
  view,
}: {
  items: TAccessRequest[];
  locale: string;
  view: { asOf?: string; knownAt?: string };
}) {
  const t = useRequestText();
  return (
    <div className="table-scroll panel cards-on-phone">
      <table data-testid="request-list">
        <caption className="visually-hidden">{t('list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.request')}</th>
            <th scope="col">{t('list.organization')}</th>
            <th scope="col">{t('list.requestedOn')}</th>
            <th scope="col">{t('list.state')}</th>
            <th scope="col">{t('list.parties')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ request, state, consents }) => (
            <tr key={request.id} data-request-id={request.requestId}>
              <td data-label={t('list.request')}>
                {/* one block beside the label on a phone's card, the badge under the title */}
                <div>
                  <Link href={requestHref(request.requestId, view)}>
                    {t('requestTitle', {
                      kind: t(`kind.${request.kind}`),
                      area: request.area.name,
                    })}
                  </Link>
                  {request.proposal && (
                    <>
                      {' '}
                      <ReviewBadge state={request.reviewState} />
                    </>
                  )}
                </div>
              </td>
              <td data-label={t('list.organization')}>
                {[request.organization, ...request.otherOrganizations]
                  .map((organization) => organization.acronym ?? organization.name)
                  .join(', ')}
              </td>
              <td data-label={t('list.requestedOn')}>
                <time dateTime={request.requestedOn}>
                  {formatDate(request.requestedOn, locale)}
                </time>
              </td>
              <td data-label={t('list.state')}>
                <StateBadge state={state} />
              </td>
              <td data-label={t('list.parties')}>
                <ul className={styles.plainList}>
                  {consents.map((consent) => (
                    <li key={consent.party.id}>
                      {/* isolated: a Latin name's colon stays after it in a right-to-left page */}
                      <bdi>{consent.party.acronym ?? consent.party.name}</bdi>:{' '}
                      <StanceBadge stance={consent.stance} />
                      {consent.daysWaited !== null && (
                        <span className="muted">
                          {' '}
                          ({t('board.daysValue', { days: consent.daysWaited })})
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
