import { sectionMessages } from '@/i18n/client-messages';

/** The browser's messages for this section's forms and lists (see ClientMessages). */
export default sectionMessages(['adminForm', 'errors']);
