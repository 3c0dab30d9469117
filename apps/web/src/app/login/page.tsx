import type { Metadata } from 'next';
import { safeReturnTo } from '@/lib/return-to';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <div className="login panel">
      <h1>Sign in</h1>
      <LoginForm returnTo={safeReturnTo(next)} />
    </div>
  );
}
