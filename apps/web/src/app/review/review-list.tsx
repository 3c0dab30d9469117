'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { versionEtag, type TAccessStatusVersion } from '@access/contracts';
import { send } from '@/lib/client-api';
import { STATUS_STYLE } from '@/lib/status-style';

export function ReviewList({
  items,
  csrfToken,
  locale,
}: {
  items: TAccessStatusVersion[];
  csrfToken: string;
  locale: string;
}) {
  const router = useRouter();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

  async function decide(item: TAccessStatusVersion, decision: 'validation' | 'return') {
    setBusy(item.id);
    // The decision applies only to the version as the queue showed it: if someone changed the entry since, the API refuses (412).
    const result = await send(
      'POST',
      `/access-statuses/${item.id}/${decision}`,
      csrfToken,
      { note: notes[item.id] || null },
      { 'if-match': versionEtag(item) },
    );
    setBusy(null);
    if (result.ok) {
      router.refresh();
      return;
    }
    setMessages((current) => ({ ...current, [item.id]: result.problem.message }));
  }

  return (
    <ul className="feed panel">
      {items.map((item) => (
        <li key={item.id}>
          <strong>{item.organization.name}</strong> in {item.area.name}:{' '}
          <span aria-hidden="true">{STATUS_STYLE[item.status].symbol}</span>{' '}
          {STATUS_STYLE[item.status].label} from{' '}
          <time dateTime={item.validFrom}>
            {date.format(new Date(`${item.validFrom}T00:00:00Z`))}
          </time>
          <div className="muted">
            {item.reason} — {item.recordedBy.displayName}
          </div>
          {messages[item.id] && (
            <p className="alert" role="alert">
              {messages[item.id]}
            </p>
          )}
          <div
            style={{
              display: 'flex',
              gap: '.5rem',
              alignItems: 'flex-end',
              flexWrap: 'wrap',
              marginTop: '.4rem',
            }}
          >
            <div className="field wide">
              <label htmlFor={`note-${item.id}`}>Note to the editor (needed to send back)</label>
              <input
                id={`note-${item.id}`}
                value={notes[item.id] ?? ''}
                onChange={(e) => setNotes((current) => ({ ...current, [item.id]: e.target.value }))}
              />
            </div>
            <button
              type="button"
              disabled={busy === item.id}
              onClick={() => decide(item, 'validation')}
            >
              Validate
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy === item.id}
              onClick={() => decide(item, 'return')}
            >
              Send back
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
