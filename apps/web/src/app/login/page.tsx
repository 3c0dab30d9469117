import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { safeReturnTo } from '@/lib/return-to';
import { LoginForm } from './login-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('login'))('title') };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  const t = await getTranslations('login');
  return (
    <div className="login panel">
      <h1>{t('title')}</h1>
      <LoginForm returnTo={safeReturnTo(next)} />
    </div>
  );
}
