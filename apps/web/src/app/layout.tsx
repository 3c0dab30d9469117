import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ApiUnavailableError, currentUser } from '@/lib/api';
import { Outage } from '@/components/outage';
import { SiteHeader } from '@/components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Access monitor', template: '%s · Access monitor' },
  description: 'Who can reach whom in a crisis: humanitarian access status and its history.',
};

/** The visitor, or "outage" when the API cannot say who they are (their session is kept). */
async function visitor() {
  try {
    return await currentUser();
  } catch (error) {
    if (error instanceof ApiUnavailableError) return 'outage' as const;
    throw error;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await visitor();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <SiteHeader user={user === 'outage' ? null : user} />
        <main id="content">{user === 'outage' ? <Outage /> : children}</main>
      </body>
    </html>
  );
}
