import { describe, expect, it } from 'vitest';
import { ZAccessStatusRecord } from '@access/contracts';
import { createTranslator } from 'next-intl';
import { apiProblems, errorText, type ErrorTranslator, zodProblems } from '@/lib/error-text';
import en from '../../apps/web/messages/en.json';
import ar from '../../apps/web/messages/ar.json';
import { loginPath, safeReturnTo } from '@/lib/return-to';

const wordsIn = (locale: 'en' | 'ar', messages: typeof en) =>
  errorText(createTranslator({ locale, messages, namespace: 'errors' }) as ErrorTranslator);
const { errorItems, fieldLabel, fieldProblemText, importProblemText, problemText } = wordsIn(
  'en',
  en,
);

/** Words a user should never read in an error: zod's and the API's developer text, field code names. */
const JARGON =
  /Invalid UUID|Invalid option|expected one of|Invalid input|Too small|Too big|validFrom|validTo|organizationId|areaId|grantingPartyId|>=|<=/;

describe('errors in words (issue 12)', () => {
  it('turns every problem of an empty record into a sentence naming the field by its label, in the form order', () => {
    const parsed = ZAccessStatusRecord.safeParse({
      organizationId: '',
      areaId: 'not-a-uuid',
      status: '',
      validFrom: '',
      reason: '',
      sensitivity: 'MODERATE',
      terms: [{ type: 'PERMIT', grantingPartyId: 'x' }],
      sources: [{ title: '', url: 'ftp://x' }],
    });
    expect(parsed.success).toBe(false);
    const values: Record<string, unknown> = {
      organizationId: '',
      areaId: 'not-a-uuid',
      status: '',
      validFrom: '',
      reason: '',
      'sources.0.title': '',
    };
    const items = errorItems(zodProblems(parsed.error!.issues), {
      values: (field) => values[field],
      order: ['organizationId', 'areaId', 'status', 'validFrom', 'reason', 'terms', 'sources'],
    });
    expect(items.map((item) => item.text)).toEqual([
      'Choose the organisation.',
      'Choose the area.',
      'Choose one of the statuses under “Status”.',
      'Enter the first day the status holds, in “Holds from”.',
      'Say why the access changed, in “Reason for the change”.',
      'Choose who granted term 1 from the list, or “Not named”.',
      'Give source 1 a title, or remove the source.',
      'Enter “Source 1: address (URL)” in full, starting with https://, or leave it empty.',
    ]);
    for (const item of items) expect(item.text).not.toMatch(JARGON);
  });

  it("says a request's and an answer's date problems and a control character in the reader's language (they were English in Arabic forms)", () => {
    const arabic = wordsIn('ar', ar as unknown as typeof en);
    const labels = { requestedOn: 'تاريخ الطلب', statedOn: 'تاريخ الموقف', purpose: 'الغرض' };
    const said = [
      { field: 'requestedOn', message: 'must be between 1900-01-01 and 2199-12-31' },
      {
        field: 'statedOn',
        message: 'must not be after today: an answer is recorded once it has been given',
      },
      {
        field: 'purpose',
        message:
          'contains an invisible control character (such as a NUL byte) or a broken character: remove it and send it again',
      },
    ].map((problem) => arabic.fieldProblemText(problem, labels));
    expect(said).toEqual([
      'يجب أن يكون تاريخ الطلب يومًا بين عامي 1900 و2199: تحقّق من السنة.',
      'لا يمكن أن يكون تاريخ الموقف بعد اليوم: أدخل اليوم الذي حدث فيه ذلك.',
      'يحتوي الغرض على محرف تحكّم غير مرئي (ربما لُصق من برنامج آخر): احذفه وأعد كتابة النص.',
    ]);
    for (const text of said) expect(text).not.toMatch(/[a-z]{3,}/);
  });

  it("says the API's developer messages in words", () => {
    expect(
      fieldProblemText({
        field: 'validTo',
        message: 'must be after validFrom (the period ends the day before validTo)',
      }),
    ).toBe(
      'The day in “Until” must be later than the day in “Holds from”; or leave “Until” empty.',
    );
    expect(
      fieldProblemText({
        field: 'validFrom',
        message: 'must be between 1900-01-01 and 2199-12-31',
      }),
    ).toBe('Holds from must be a day between 1900 and 2199: check the year.');
    expect(
      fieldProblemText({
        field: 'reason',
        message: 'Too big: expected string to have <=5000 characters',
      }),
    ).toBe('Reason for the change is too long: shorten it to at most 5,000 characters.');
    expect(fieldProblemText({ field: 'areaId', message: 'Invalid UUID' }, {}, 'x')).toBe(
      'Choose the area.',
    );
    expect(
      fieldProblemText(
        { field: 'password', message: 'Too small: expected string to have >=12 characters' },
        {},
        'short',
      ),
    ).toBe('Choose a password of at least 12 characters.');
    expect(
      fieldProblemText(
        { field: 'name', message: 'Too small: expected string to have >=1 characters' },
        { name: 'Name' },
        '',
      ),
    ).toBe('Enter a name.');
    expect(fieldLabel('terms.2.grantingPartyId')).toBe('Term 3: granted by');
    expect(importProblemText('Invalid option: expected one of "FULL"|"DENIED"')).toBe(
      'Write one of: FULL, DENIED.',
    );
  });

  it('places a period conflict at "Holds from", and says request-wide problems with what to do', () => {
    expect(
      apiProblems({
        code: 'PERIOD_CONFLICT',
        message:
          'This organisation already has a status in this area from 2023-02-01: correct that entry instead',
      }),
    ).toEqual([expect.objectContaining({ field: 'validFrom' })]);
    for (const code of [
      'NETWORK',
      'VERSION_SUPERSEDED',
      'PRECONDITION_FAILED',
      'CSRF_FAILED',
      'INTERNAL',
      'TIMELINE_MOVED',
    ])
      expect(problemText({ status: 409, code, message: 'x' })).toMatch(/\.$/);
    expect(problemText({ status: 409, code: 'TIMELINE_MOVED', message: 'x' })).toContain(
      'Send it back',
    );
    const conflict = {
      status: 409,
      code: 'PERIOD_CONFLICT',
      message:
        'This organisation already has a status in this area from 2023-02-01: correct that entry instead',
    };
    expect(problemText(conflict)).toBe(`${conflict.message}.`);
    expect(wordsIn('ar', ar as typeof en).problemText(conflict)).toBe(
      'لدى هذه المنظمة حالة في هذه المنطقة اعتبارًا من 2023-02-01: صحّح ذلك السجل بدلًا من ذلك.',
    );
  });
});

describe("errors in the reader's language (issue 15)", () => {
  it("says an empty record's problems in Arabic, naming the fields by their Arabic labels", () => {
    const arabic = wordsIn('ar', ar as typeof en);
    const parsed = ZAccessStatusRecord.safeParse({
      organizationId: '',
      areaId: '',
      status: '',
      validFrom: '',
      reason: '',
      sensitivity: 'MODERATE',
      terms: [],
      sources: [{ title: '', url: 'ftp://x' }],
    });
    const values: Record<string, unknown> = {
      organizationId: '',
      areaId: '',
      status: '',
      validFrom: '',
      reason: '',
      'sources.0.title': '',
    };
    const items = arabic.errorItems(zodProblems(parsed.error!.issues), {
      values: (field) => values[field],
      order: ['organizationId', 'areaId', 'status', 'validFrom', 'reason', 'sources'],
    });
    expect(items.map((item) => item.text)).toEqual([
      'اختر المنظمة.',
      'اختر المنطقة.',
      'اختر إحدى الحالات تحت «الحالة».',
      'أدخل أول يوم تسري فيه الحالة، في «ساري اعتبارًا من».',
      'اذكر سبب تغيّر الوصول، في «سبب التغيير».',
      'أعطِ المصدر 1 عنوانًا، أو أزِل المصدر.',
      'أدخل «المصدر 1: العنوان الإلكتروني (URL)» كاملًا بدءًا بـ https://، أو اتركه فارغًا.',
    ]);
    expect(
      arabic.fieldProblemText({
        field: 'reason',
        message: 'Too big: expected string to have <=5000 characters',
      }),
    ).toBe('نص سبب التغيير طويل جدًا: اختصره بحيث لا يتجاوز عدد أحرفه 5,000.');
    expect(arabic.problemText({ status: 0, code: 'NETWORK', message: 'x' })).toBe(
      'تعذّر الوصول إلى الخادم. لم يُحفظ شيء: تحقّق من اتصالك وحاول مجددًا.',
    );
  });

  it("tells a service that is down from the user's own connection (both said 'check your connection')", () => {
    for (const code of ['API_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'BUSY'])
      expect(problemText({ status: 503, code, message: 'x' })).toBe(
        'The service is not available right now; your connection is fine. Nothing was saved: try again in a minute.',
      );
    expect(problemText({ status: 0, code: 'NETWORK', message: 'x' })).toContain(
      'check your connection',
    );
  });
});

describe("sign-in's way back", () => {
  it('accepts a path of this site, with its query', () => {
    expect(safeReturnTo('/entries?status=DENIED')).toBe('/entries?status=DENIED');
    expect(safeReturnTo('/history?organizationId=a&areaId=b#v-1')).toBe(
      '/history?organizationId=a&areaId=b#v-1',
    );
    expect(loginPath('/review')).toBe('/login?next=%2Freview');
  });

  it('never sends anyone to another site, or back to sign-in', () => {
    for (const hostile of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\t/evil.example',
      ' /entries',
      '/login?next=/x',
      '',
      undefined,
      ['/entries'],
    ])
      expect(safeReturnTo(hostile), String(hostile)).toBe('/');
    expect(loginPath('//evil.example')).toBe('/login');
  });
});
