'use client';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="panel" role="alert">
      <h1>Something went wrong</h1>
      <p>
        The page could not be shown{error.digest ? ` (reference ${error.digest})` : ''}. Nothing you
        saved is lost.
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
