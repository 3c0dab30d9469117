'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { TMe } from '@access/contracts';

export function SiteHeader({ user }: { user: TMe | null }) {
  const pathname = usePathname();
  const router = useRouter();
  const links = [
    { href: '/', label: 'Overview', show: true },
    { href: '/entries', label: 'Entries', show: true },
    { href: '/incidents', label: 'Incidents', show: true },
    { href: '/my-entries', label: 'My entries', show: user?.role === 'EDITOR' },
    {
      href: '/review',
      label: 'Review queue',
      show: user?.role === 'COORDINATOR' || user?.role === 'ADMIN',
    },
    { href: '/admin', label: 'Administration', show: user?.role === 'ADMIN' },
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
          Access monitor
        </Link>
        {user && (
          <nav aria-label="Main">
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
        {user && (
          <div className="who">
            <span>
              {user.displayName} · {user.role.toLowerCase()} · cleared to {user.clearance}
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
