/**
 * Personal data that must not end up in training data: e-mail addresses, phone numbers
 * (mainland-China mobiles and international numbers written with a leading +), Chinese
 * resident identity numbers (GB 11643 checksum) and bank card numbers (Luhn checksum).
 * Checksums keep random digit runs (order numbers, timestamps) from being reported, and
 * addresses and numbers that are documented as fictional are not personal data: the
 * reserved example domains (RFC 2606 / 6761: example.com/.net/.org, .example, .test,
 * .invalid, .localhost) and the usual placeholder domains of tutorials (domain.com,
 * yourdomain.com…), the North American 555-0100–0199 range and the UK's drama numbers
 * (Ofcom: 020 7946 0xxx, 07700 900xxx), the card networks' published test card numbers, SSH
 * remotes (`git@github.com:…`) and one-letter toy addresses (`a@b.co`). In a text that does
 * arithmetic with long numbers (`256626720691 + 1646615806005 = …`), digit runs are operands and
 * results, not phone or card numbers.
 */
export type PiiKind = 'email' | 'phone' | 'cn-id' | 'bank-card';
export const PII_KINDS: readonly PiiKind[] = ['email', 'phone', 'cn-id', 'bank-card'];

export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
  /** The match with its middle masked, safe to show in messages and logs. */
  masked: string;
}

const EMAIL =
  /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const CN_MOBILE = /(?<![\d+.])(?:(?:\+|00)86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g;
const INTERNATIONAL_PHONE = /(?<![\w+])\+(?!86)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])/g;
const CN_ID = /(?<![\dA-Za-z.])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z]|\.\d)/g;
// Not the fraction of a decimal number (275.43397884615385) nor part of a longer run.
const CARD = /(?<![\d.,-])(?:\d[ -]?){12,18}\d(?![\d-]|[.,]\d)/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 (ISO 7064 MOD 11-2) check character of an 18-character resident ID. */
export function isValidChineseId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

/** The Luhn (mod 10) check used by payment card numbers. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function maskPii(text: string): string {
  const visible = Math.min(3, Math.floor(text.length / 4));
  return text.length <= 4 ? '****' : `${text.slice(0, visible)}${'*'.repeat(Math.max(4, text.length - 2 * visible))}${text.slice(text.length - visible)}`;
}

/** Every piece of personal data of the wanted kinds in `text`, in order of position. */
export function findPii(text: string, kinds: ReadonlySet<PiiKind>): PiiMatch[] {
  const found: PiiMatch[] = [];
  const add = (kind: PiiKind, start: number, value: string) => found.push({ kind, start, end: start + value.length, masked: maskPii(value) });
  if (kinds.has('email') && text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) {
      if (isPlaceholderEmail(m[0]) || text[m.index + m[0].length] === ':') continue; // git@github.com:org/repo
      add('email', m.index, m[0]);
    }
  }
  if (!hasDigitRun(text, 7) || ARITHMETIC.test(text)) return found.sort((a, b) => a.start - b.start);
  const ids: Array<[number, number]> = [];
  if (kinds.has('cn-id')) {
    for (const m of text.matchAll(CN_ID)) {
      if (isValidChineseId(m[0])) {
        add('cn-id', m.index, m[0]);
        ids.push([m.index, m.index + m[0].length]);
      }
    }
  }
  const phones: Array<[number, number]> = [];
  if (kinds.has('phone')) {
    for (const pattern of [CN_MOBILE, INTERNATIONAL_PHONE]) {
      for (const m of text.matchAll(pattern)) {
        const digits = m[0].replace(/\D/g, '').length;
        if (digits < 8 || digits > 15 || overlaps(m.index, m[0].length, ids) || isFictionalPhone(m[0])) continue;
        add('phone', m.index, m[0]);
        phones.push([m.index, m.index + m[0].length]);
      }
    }
  }
  if (kinds.has('bank-card')) {
    for (const m of text.matchAll(CARD)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) continue;
      if (!consistentGrouping(m[0]) || !passesLuhn(digits) || TEST_CARDS.has(digits)) continue;
      if (overlaps(m.index, m[0].length, ids) || overlaps(m.index, m[0].length, phones)) continue;
      add('bank-card', m.index, m[0]);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org|edu)|example|test|invalid|localhost|local)$/i;
/** "example" as a label or a hyphenated part of one: example-domain.com, my-example.org. */
const EXAMPLE_LABEL = /(?:^|[.-])example(?:[.-]|$)/i;
/** Two long numbers joined by an operator (a minus needs spaces or a result: 1234-5678 is a phone's groups). */
const ARITHMETIC = /\d{4,}\s*[+*/×÷]\s*\d{4,}|\d{4,} - \d{4,}|\d{4,}\s*-\s*\d{4,}\s*=/;
/** Test card numbers published by Visa, Mastercard, Amex, Discover and Stripe for sandboxes. */
const TEST_CARDS = new Set([
  '4242424242424242',
  '4000056655665556',
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '5200828282828210',
  '378282246310005',
  '371449635398431',
  '378734493671000',
  '6011111111111117',
  '6011000990139424',
  '3056930009020004',
  '36227206271667',
  '3566002020360505',
  '6200000000000005',
]);
const PLACEHOLDER_DOMAINS = new Set([
  'domain.com',
  'yourdomain.com',
  'yourcompany.com',
  'company.com',
  'mycompany.com',
  'email.com',
  'mail.com',
  'test.com',
  'sample.com',
  'xxx.com',
  'xx.com',
  'abc.com',
  'foo.com',
  'bar.com',
  'acme.com',
  'website.com',
  'yourwebsite.com',
  'mywebsite.com',
  'your-domain.com',
  'company.org',
]);
const PLACEHOLDER_LOCAL = /^(?:x+|user(?:name)?|name|your[._-]?(?:name|email)|email|someone|somebody|test|john[._]?doe|jane[._]?doe|foo|bar)$/i;

/** Addresses at reserved example domains, or of a placeholder shape ("user@domain.com"). */
export function isPlaceholderEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (RESERVED_DOMAIN.test(domain) || EXAMPLE_LABEL.test(domain) || PLACEHOLDER_DOMAINS.has(domain)) return true;
  if (local.length === 1 && domain.indexOf('.') === 1) return true; // a@b.co: a toy address
  return PLACEHOLDER_LOCAL.test(local) && /^(?:x+|test|email|mail|domain|sample)\./.test(domain);
}

/** Numbers reserved for fiction: NANP 555-0100…0199, UK drama numbers (020 7946 0xxx, 07700 900xxx). */
export function isFictionalPhone(written: string): boolean {
  const digits = written.replace(/\D/g, '');
  if (/^1?\d{3}5550[1]\d\d$/.test(digits)) return true;
  return /^(?:44|0044)?0?(?:2079460\d{3}|7700900\d{3})$/.test(digits);
}

/** Card numbers are written as one run or in groups of 4 (Amex: 4-6-5): not "1 2 3 4…". */
function consistentGrouping(written: string): boolean {
  const groups = written.split(/[ -]/);
  if (groups.length === 1) return true;
  return groups.every((g) => g.length >= 4) && groups.slice(0, -1).every((g) => g.length === 4 || g.length === 6);
}

function overlaps(start: number, length: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([s, e]) => start < e && start + length > s);
}

/** True when `text` holds at least `n` digits in a row (separators allowed): the cheap gate for numeric PII. */
function hasDigitRun(text: string, n: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++run >= n) return true;
    } else if (c !== 0x20 && c !== 0x2d) {
      run = 0;
    }
  }
  return false;
}
