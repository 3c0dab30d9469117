import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, true after. A form
 * that only works through its handlers uses it so nothing can be typed or sent before the
 * handlers are there: text typed earlier would be lost when React takes over, and a form
 * sent natively would put its fields (a password, too) in the address.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
