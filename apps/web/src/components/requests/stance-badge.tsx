import { useRequestText } from '@/lib/request-text';
import type { TAccessRequestState, TConsentStance } from '@access/contracts';
import { stanceLook, stateLook, type Look } from '@/lib/request-style';
import styles from './requests.module.css';

function Badge({ look, label, code }: { look: Look; label: string; code: string }) {
  return (
    <span className={styles.badge} data-code={code}>
      <span className={`${styles.swatch} ${look.fill}`} aria-hidden="true" />
      <span aria-hidden="true">{look.symbol}</span>
      <span>{label}</span>
    </span>
  );
}

/** A party's stance in words, with its symbol and pattern (never asked: a dash). */
export function StanceBadge({ stance }: { stance: TConsentStance | null }) {
  const t = useRequestText();
  return (
    <Badge
      look={stanceLook(stance)}
      label={stance ? t(`stance.${stance}`) : t('stance.none')}
      code={stance ?? 'NONE'}
    />
  );
}

/** A request's derived state (granted, refused, pending), with its symbol and pattern. */
export function StateBadge({ state }: { state: TAccessRequestState }) {
  const t = useRequestText();
  return <Badge look={stateLook(state)} label={t(`state.${state}`)} code={state} />;
}
