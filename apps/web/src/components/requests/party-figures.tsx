import { useRequestText } from '@/lib/request-text';
import type { TPartyFigures } from '@access/contracts';
import { stanceLook } from '@/lib/request-style';
import styles from './requests.module.css';

const granted = stanceLook('GRANTED');
const refused = stanceLook('REFUSED');

/**
 * Per party over a period: how many answers, granted against refused as one bar (each part
 * patterned, with its symbol and count written in it), the refusal rate and the median days
 * to answer in words beside it; and the same figures as a table. Server-drawn HTML, no
 * chart library: nothing to load after the page, and readable without colour.
 */
export function PartyFigures({ items, locale }: { items: TPartyFigures[]; locale: string }) {
  const t = useRequestText();
  const percent = (rate: number | null) =>
    rate === null
      ? '—'
      : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
  const days = (value: number | null) =>
    value === null
      ? '—'
      : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  const most = Math.max(1, ...items.map((item) => item.answered));
  return (
    <>
      <figure className="panel" aria-labelledby="figures-chart-title">
        <figcaption id="figures-chart-title">
          <strong>{t('figures.chartTitle')}</strong>
        </figcaption>
        <ul className={styles.legend} aria-label={t('figures.legend')}>
          <li className={styles.badge}>
            <span className={`${styles.swatch} ${granted.fill}`} aria-hidden="true" />
            <span aria-hidden="true">{granted.symbol}</span> {t('figures.granted')}
          </li>
          <li className={styles.badge}>
            <span className={`${styles.swatch} ${refused.fill}`} aria-hidden="true" />
            <span aria-hidden="true">{refused.symbol}</span> {t('figures.refused')}
          </li>
        </ul>
        <ul className={styles.figureChart}>
          {items.map((item) => {
            const other = item.answered - item.granted - item.refused;
            return (
              <li key={item.party.id} className={styles.figureRow} data-party-id={item.party.id}>
                <span className={styles.figureName}>{item.party.name}</span>
                {item.answered === 0 ? (
                  <span className="muted">{t('figures.noAnswer')}</span>
                ) : (
                  <span
                    className={styles.answerBar}
                    style={{ width: `${Math.max(20, (item.answered / most) * 100)}%` }}
                    aria-hidden="true"
                  >
                    {item.granted > 0 && (
                      <span className={granted.fill} style={{ flex: item.granted }}>
                        {granted.symbol} {item.granted}
                      </span>
                    )}
                    {item.refused > 0 && (
                      <span className={refused.fill} style={{ flex: item.refused }}>
                        {refused.symbol} {item.refused}
                      </span>
                    )}
                    {other > 0 && <span style={{ flex: other }}>{other}</span>}
                  </span>
                )}
                <span className={styles.figureText}>
                  {t('figures.sentence', {
                    answered: item.answered,
                    granted: item.granted,
                    refused: item.refused,
                    rate: percent(item.refusalRate),
                    median: days(item.medianDaysToAnswer),
                    waiting: item.waitingNow,
                  })}
                </span>
              </li>
            );
          })}
        </ul>
      </figure>
      <section
        className="table-scroll panel"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        aria-label={t('figures.caption')}
      >
        <table data-testid="party-figures">
          <caption className="visually-hidden">{t('figures.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('figures.party')}</th>
              <th scope="col">{t('figures.requests')}</th>
              <th scope="col">{t('figures.answered')}</th>
              <th scope="col">{t('figures.granted')}</th>
              <th scope="col">{t('figures.refused')}</th>
              <th scope="col">{t('figures.refusalRate')}</th>
              <th scope="col">{t('figures.median')}</th>
              <th scope="col">{t('figures.waitingNow')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.party.id} data-party-id={item.party.id}>
                <th scope="row">{item.party.name}</th>
                <td className="num">{item.requests}</td>
                <td className="num">{item.answered}</td>
                <td className="num">{item.granted}</td>
                <td className="num">{item.refused}</td>
                <td className="num">{percent(item.refusalRate)}</td>
                <td className="num">{days(item.medianDaysToAnswer)}</td>
                <td className="num">{item.waitingNow}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
