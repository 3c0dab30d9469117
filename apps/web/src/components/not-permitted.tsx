/**
 * A page the signed-in user's role may not use: its heading, so the page still says where
 * the user is (and screen readers find a first heading), then why it shows nothing.
 */
export function NotPermitted({ title, message }: { title: string; message: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className="alert">{message}</p>
    </>
  );
}
