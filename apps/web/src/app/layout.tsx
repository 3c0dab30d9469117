import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { currentUser } from '@/lib/api';
import { SiteHeader } from '@/components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Access monitor', template: '%s · Access monitor' },
  description: 'Who can reach whom in a crisis: humanitarian access status and its history.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <SiteHeader user={user} />
        <main id="content">{children}</main>
      </body>
    </html>
  );
}
