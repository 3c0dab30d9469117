import { getTranslations } from 'next-intl/server';
import { requestText, type RequestText } from './request-text';

/** In an async server component (a page, generateMetadata). */
export async function getRequestText(): Promise<RequestText> {
  return requestText(await getTranslations());
}
