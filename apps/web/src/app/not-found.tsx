import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="panel">
      <h1>Not found</h1>
      <p>This page does not exist, or what it shows is not something you are cleared to see.</p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </div>
  );
}
