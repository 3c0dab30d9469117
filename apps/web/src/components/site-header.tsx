'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { TMe } from '@access/contracts';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from './notification-bell';

export function SiteHeader({ user }: { user: TMe | null }) {
  const t = useTranslations('header');
  const tc = useTranslations('codes');
  const pathname = usePathname();
  const router = useRouter();
  const links = [
    { href: '/', label: t('nav.overview'), show: true },
    { href: '/map', label: t('nav.map'), show: true },
    { href: '/entries', label: t('nav.entries'), show: true },
    { href: '/incidents', label: t('nav.incidents'), show: true },
    { href: '/requests', label: t('nav.requests'), show: true },
    { href: '/my-entries', label: t('nav.myEntries'), show: user?.role === 'EDITOR' },
    {
      href: '/review',
      label: t('nav.review'),
      show: user?.role === 'COORDINATOR' || user?.role === 'ADMIN',
    },
    { href: '/admin', label: t('nav.admin'), show: user?.role === 'ADMIN' },
  ];
  async function signOut() {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': user?.csrfToken ?? '' },
    });
    router.push('/login');
    router.refresh();
  }
  return (
    <header className="site">
      <div className="bar">
        <Link className="brand" href="/">
          {t('brand')}
        </Link>
        {user && (
          <nav aria-label={t('navLabel')}>
            <ul>
              {links
                .filter((link) => link.show)
                .map((link) => (
                  <li key={link.href}>
                    <Link
                      href={link.href}
                      aria-current={
                        (link.href === '/' ? pathname === '/' : pathname.startsWith(link.href))
                          ? 'page'
                          : undefined
                      }
                    >
                      {link.label}
                    </Link>
                  </li>
                ))}
            </ul>
          </nav>
        )}
        <div className="who">
          {user && (
            <span>
              {t('who', {
                name: user.displayName,
                role: tc(`role.${user.role}`),
                clearance: tc(`sensitivity.${user.clearance}`),
              })}
            </span>
          )}
          {user && <NotificationBell />}
          <LanguageSwitch csrfToken={user ? user.csrfToken : undefined} />
          {user && (
            <button type="button" onClick={signOut}>
              {t('signOut')}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}
