import { redirect } from 'next/navigation';

/** The only settings a user has are their notifications': `/settings` opens them. */
export default function SettingsPage() {
  redirect('/settings/notifications');
}
