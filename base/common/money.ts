/**
 * An amount in minor units as a driver reads it, in one format everywhere the host shows or says
 * money: "€16.50", "JP¥1,200". The currency's own minor digits decide the divisor (EUR 2,
 * JPY 0, KWD 3), so 1650 EUR and 1650 JPY are not the same money.
 */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-GB'): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // A language tag this runtime cannot read: the default locale, never no amount at all.
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
